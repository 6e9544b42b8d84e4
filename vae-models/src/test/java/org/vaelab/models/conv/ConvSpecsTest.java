package org.vaelab.models.conv;

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
import org.vaelab.models.mlp.Activation;

class ConvSpecsTest {

    private static ValidatorFactory factory;
    private static Validator validator;

    private final ObjectMapper mapper = new ObjectMapper();

    {
        mapper.registerSubtypes(new NamedType(ConvEncoderSpec.class, ConvEncoderSpec.TYPE),
                new NamedType(ConvDecoderSpec.class, ConvDecoderSpec.TYPE),
                new NamedType(DisentanglementLibEncoderSpec.class, DisentanglementLibEncoderSpec.TYPE),
                new NamedType(DisentanglementLibDecoderSpec.class, DisentanglementLibDecoderSpec.TYPE));
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
        assertThat(ConvEncoderSpec.TYPE).isEqualTo("conv");
        assertThat(ConvDecoderSpec.TYPE).isEqualTo("conv");
    }

    @Test
    void disentanglementLibFromTypeOnlyAndRoundTrip() throws JsonProcessingException {
        EncoderSpec encoder = mapper.readValue("{\"type\":\"disentanglement-lib\"}", EncoderSpec.class);
        assertThat(encoder).isEqualTo(new DisentanglementLibEncoderSpec(Activation.RELU));
        DecoderSpec decoder = mapper.readValue("{\"type\":\"disentanglement-lib\",\"activation\":\"elu\"}",
                DecoderSpec.class);
        assertThat(decoder).isEqualTo(new DisentanglementLibDecoderSpec(Activation.ELU));
        assertThat(mapper.readValue(mapper.writeValueAsString(decoder), DecoderSpec.class)).isEqualTo(decoder);
        assertThat(validator.validate(encoder)).isEmpty();
    }

    @Test
    void encoderDefaultsFromTypeOnly() throws JsonProcessingException {
        EncoderSpec spec = mapper.readValue("{\"type\":\"conv\"}", EncoderSpec.class);
        assertThat(spec).isEqualTo(new ConvEncoderSpec(List.of(32, 64), 4, 2, 1, List.of(256), Activation.RELU))
                .isEqualTo(ConvEncoderSpec.defaults());
        assertThat(validator.validate(spec)).isEmpty();
    }

    @Test
    void decoderDefaultsFromTypeOnly() throws JsonProcessingException {
        DecoderSpec spec = mapper.readValue("{\"type\":\"conv\"}", DecoderSpec.class);
        assertThat(spec).isEqualTo(new ConvDecoderSpec(List.of(256), List.of(64, 32), 4, 2, 1, Activation.RELU,
                Activation.IDENTITY)).isEqualTo(ConvDecoderSpec.defaults());
        assertThat(validator.validate(spec)).isEmpty();
    }

    @Test
    void explicitNullsTakeDefaults() throws JsonProcessingException {
        assertThat(mapper.readValue("{\"type\":\"conv\",\"channels\":null,\"kernel\":null,\"stride\":null,"
                + "\"padding\":null,\"dense\":null,\"activation\":null}", EncoderSpec.class))
                .isEqualTo(ConvEncoderSpec.defaults());
        assertThat(mapper.readValue("{\"type\":\"conv\",\"dense\":null,\"outputActivation\":null}", DecoderSpec.class))
                .isEqualTo(ConvDecoderSpec.defaults());
    }

    @Test
    void encoderRoundTripsThroughBaseType() throws JsonProcessingException {
        EncoderSpec spec = new ConvEncoderSpec(List.of(16, 32, 64), 3, 1, 0, List.of(), Activation.LEAKY_RELU);
        String json = mapper.writerFor(EncoderSpec.class).writeValueAsString(spec);
        assertThat(json).contains("\"type\":\"conv\"", "\"channels\":[16,32,64]", "\"kernel\":3", "\"stride\":1",
                "\"padding\":0", "\"dense\":[]", "\"activation\":\"leaky-relu\"");
        assertThat(mapper.readValue(json, EncoderSpec.class)).isEqualTo(spec);
    }

    @Test
    void decoderRoundTripsThroughBaseType() throws JsonProcessingException {
        DecoderSpec spec = new ConvDecoderSpec(List.of(128, 64), List.of(8), 2, 2, 0, Activation.ELU, Activation.SIGMOID);
        String json = mapper.writerFor(DecoderSpec.class).writeValueAsString(spec);
        assertThat(json).contains("\"type\":\"conv\"", "\"dense\":[128,64]", "\"channels\":[8]", "\"kernel\":2",
                "\"outputActivation\":\"sigmoid\"");
        assertThat(mapper.readValue(json, DecoderSpec.class)).isEqualTo(spec);
    }

    @Test
    void readsAConfigAsWritten() throws JsonProcessingException {
        EncoderSpec spec = mapper.readValue(
                "{\"type\":\"conv\",\"channels\":[8],\"kernel\":5,\"padding\":2,\"activation\":\"tanh\"}",
                EncoderSpec.class);
        assertThat(spec).isEqualTo(new ConvEncoderSpec(List.of(8), 5, 2, 2, List.of(256), Activation.TANH));
    }

    @Test
    void unknownPropertiesAndActivationsAreRejected() {
        assertThatThrownBy(() -> mapper.readValue("{\"type\":\"conv\",\"kernal\":3}", EncoderSpec.class))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("kernal");
        assertThatThrownBy(() -> mapper.readValue("{\"type\":\"conv\",\"hidden\":[4]}", DecoderSpec.class))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("hidden");
        assertThatThrownBy(() -> mapper.readValue("{\"type\":\"conv\",\"activation\":\"swish\"}", EncoderSpec.class))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void emptyDenseIsValidButEmptyChannelsIsNot() {
        assertThat(validator.validate(new ConvEncoderSpec(null, null, null, null, List.of(), null))).isEmpty();
        assertThat(validator.validate(new ConvDecoderSpec(List.of(), null, null, null, null, null, null))).isEmpty();
        assertThat(validator.validate(new ConvEncoderSpec(List.of(), null, null, null, null, null)))
                .singleElement().satisfies(v -> assertThat(v.getPropertyPath().toString()).isEqualTo("channels"));
        assertThat(validator.validate(new ConvDecoderSpec(null, List.of(), null, null, null, null, null)))
                .singleElement().satisfies(v -> assertThat(v.getPropertyPath().toString()).isEqualTo("channels"));
    }

    @Test
    void kernelAndStrideMustBePositiveAndPaddingNotNegative() {
        assertThat(validator.validate(new ConvEncoderSpec(null, 3, 1, 0, null, null))).isEmpty();
        Set<ConstraintViolation<ConvEncoderSpec>> enc = validator.validate(new ConvEncoderSpec(null, 0, -1, -1, null, null));
        assertThat(enc).extracting(v -> v.getPropertyPath().toString())
                .containsExactlyInAnyOrder("kernel", "stride", "padding");
        Set<ConstraintViolation<ConvDecoderSpec>> dec =
                validator.validate(new ConvDecoderSpec(null, null, -4, 0, -2, null, null));
        assertThat(dec).extracting(v -> v.getPropertyPath().toString())
                .containsExactlyInAnyOrder("kernel", "stride", "padding");
        assertThat(dec).filteredOn(v -> v.getPropertyPath().toString().equals("padding")).singleElement()
                .satisfies(v -> assertThat(v.getMessage()).contains("greater than or equal to 0"));
    }

    @Test
    void zeroNegativeAndNullSizesInListsAreViolations() throws JsonProcessingException {
        EncoderSpec spec = mapper.readValue("{\"type\":\"conv\",\"channels\":[32,-3]}", EncoderSpec.class);
        Set<ConstraintViolation<EncoderSpec>> violations = validator.validate(spec);
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.getPropertyPath().toString()).contains("channels");
            assertThat(v.getInvalidValue()).isEqualTo(-3);
            assertThat(v.getMessage()).contains("greater than 0");
        });
        assertThat(validator.validate(new ConvDecoderSpec(Arrays.asList(0, null), Arrays.asList(4, null), null, null,
                null, null, null))).hasSize(3).extracting(v -> v.getPropertyPath().toString())
                .anySatisfy(p -> assertThat(p).contains("dense")).anySatisfy(p -> assertThat(p).contains("channels"));
    }

    @Test
    void listsAreUnmodifiableCopies() {
        List<Integer> channels = new ArrayList<>(List.of(4, 2));
        List<Integer> dense = new ArrayList<>(List.of(8));
        ConvEncoderSpec spec = new ConvEncoderSpec(channels, null, null, null, dense, null);
        channels.set(0, 99);
        dense.add(1);
        assertThat(spec.channels()).containsExactly(4, 2);
        assertThat(spec.dense()).containsExactly(8);
        assertThatThrownBy(() -> spec.channels().add(1)).isInstanceOf(UnsupportedOperationException.class);
        ConvDecoderSpec dec = new ConvDecoderSpec(dense, channels, null, null, null, null, null);
        assertThatThrownBy(() -> dec.dense().add(1)).isInstanceOf(UnsupportedOperationException.class);
    }
}
