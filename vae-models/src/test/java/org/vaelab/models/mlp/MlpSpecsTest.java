package org.vaelab.models.mlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vaelab.api.model.DecoderSpec;
import org.vaelab.api.model.EncoderSpec;

class MlpSpecsTest {

    private static ValidatorFactory factory;
    private static Validator validator;

    private final ObjectMapper mapper = new ObjectMapper();

    {
        mapper.registerSubtypes(new NamedType(MlpEncoderSpec.class, MlpEncoderSpec.TYPE),
                new NamedType(MlpDecoderSpec.class, MlpDecoderSpec.TYPE));
    }

    @BeforeAll
    static void buildValidator() {
        factory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void closeValidator() {
        factory.close();
    }

    @Test
    void typeNames() {
        assertThat(MlpEncoderSpec.TYPE).isEqualTo("mlp");
        assertThat(MlpDecoderSpec.TYPE).isEqualTo("mlp");
    }

    @Test
    void encoderDefaultsFromTypeOnly() throws JsonProcessingException {
        EncoderSpec spec = mapper.readValue("{\"type\":\"mlp\"}", EncoderSpec.class);
        assertThat(spec).isEqualTo(new MlpEncoderSpec(List.of(512, 256), Activation.RELU))
                .isEqualTo(MlpEncoderSpec.defaults());
        assertThat(validator.validate(spec)).isEmpty();
    }

    @Test
    void decoderDefaultsFromTypeOnly() throws JsonProcessingException {
        DecoderSpec spec = mapper.readValue("{\"type\":\"mlp\"}", DecoderSpec.class);
        assertThat(spec).isEqualTo(new MlpDecoderSpec(List.of(256, 512), Activation.RELU, Activation.IDENTITY))
                .isEqualTo(MlpDecoderSpec.defaults());
        assertThat(validator.validate(spec)).isEmpty();
    }

    @Test
    void explicitNullsTakeDefaults() throws JsonProcessingException {
        assertThat(mapper.readValue("{\"type\":\"mlp\",\"hidden\":null,\"activation\":null}", EncoderSpec.class))
                .isEqualTo(MlpEncoderSpec.defaults());
    }

    @Test
    void encoderRoundTripsThroughBaseType() throws JsonProcessingException {
        EncoderSpec spec = new MlpEncoderSpec(List.of(32, 16, 8), Activation.LEAKY_RELU);
        String json = mapper.writerFor(EncoderSpec.class).writeValueAsString(spec);
        assertThat(json).contains("\"type\":\"mlp\"", "\"hidden\":[32,16,8]", "\"activation\":\"leaky-relu\"");
        assertThat(mapper.readValue(json, EncoderSpec.class)).isEqualTo(spec);
    }

    @Test
    void decoderRoundTripsThroughBaseType() throws JsonProcessingException {
        DecoderSpec spec = new MlpDecoderSpec(List.of(), Activation.ELU, Activation.SIGMOID);
        String json = mapper.writerFor(DecoderSpec.class).writeValueAsString(spec);
        assertThat(json).contains("\"type\":\"mlp\"", "\"hidden\":[]", "\"outputActivation\":\"sigmoid\"");
        assertThat(mapper.readValue(json, DecoderSpec.class)).isEqualTo(spec);
    }

    @Test
    void readsAConfigAsWritten() throws JsonProcessingException {
        DecoderSpec spec = mapper.readValue(
                "{\"type\":\"mlp\",\"hidden\":[4],\"activation\":\"tanh\",\"outputActivation\":\"identity\"}",
                DecoderSpec.class);
        assertThat(spec).isEqualTo(new MlpDecoderSpec(List.of(4), Activation.TANH, Activation.IDENTITY));
    }

    @Test
    void unknownPropertiesAndActivationsAreRejected() {
        assertThatThrownBy(() -> mapper.readValue("{\"type\":\"mlp\",\"hiden\":[4]}", EncoderSpec.class))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("hiden");
        assertThatThrownBy(() -> mapper.readValue("{\"type\":\"mlp\",\"activation\":\"swish\"}", EncoderSpec.class))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void emptyHiddenListIsValid() {
        assertThat(validator.validate(new MlpEncoderSpec(List.of(), null))).isEmpty();
        assertThat(validator.validate(new MlpDecoderSpec(List.of(), null, null))).isEmpty();
    }

    @Test
    void negativeHiddenSizeIsAViolationOnHidden() throws JsonProcessingException {
        EncoderSpec spec = mapper.readValue("{\"type\":\"mlp\",\"hidden\":[64,-3]}", EncoderSpec.class);
        Set<ConstraintViolation<EncoderSpec>> violations = validator.validate(spec);
        assertThat(violations).hasSize(1);
        ConstraintViolation<EncoderSpec> v = violations.iterator().next();
        assertThat(v.getPropertyPath().toString()).contains("hidden");
        assertThat(v.getInvalidValue()).isEqualTo(-3);
        assertThat(v.getMessage()).contains("greater than 0");
    }

    @Test
    void zeroAndNullHiddenSizesAreViolations() {
        Set<ConstraintViolation<MlpDecoderSpec>> violations =
                validator.validate(new MlpDecoderSpec(Arrays.asList(0, null, 5), null, null));
        assertThat(violations).hasSize(2)
                .allSatisfy(v -> assertThat(v.getPropertyPath().toString()).contains("hidden"));
    }

    @Test
    void hiddenIsAnUnmodifiableCopy() {
        List<Integer> widths = new ArrayList<>(List.of(4, 2));
        MlpEncoderSpec spec = new MlpEncoderSpec(widths, null);
        widths.set(0, 99);
        assertThat(spec.hidden()).containsExactly(4, 2);
        assertThatThrownBy(() -> spec.hidden().add(1)).isInstanceOf(UnsupportedOperationException.class);
    }
}
