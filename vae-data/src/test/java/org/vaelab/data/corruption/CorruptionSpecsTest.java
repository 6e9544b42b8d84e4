package org.vaelab.data.corruption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vaelab.api.corruption.CorruptionSpec;
import org.vaelab.data.corruption.BlockOcclusionSpec.Fill;

class CorruptionSpecsTest {

    private static ValidatorFactory factory;
    private static Validator validator;

    private final ObjectMapper mapper = new ObjectMapper();

    CorruptionSpecsTest() {
        mapper.registerSubtypes(new NamedType(GaussianNoiseSpec.class, GaussianNoiseSpec.TYPE),
                new NamedType(SaltAndPepperSpec.class, SaltAndPepperSpec.TYPE),
                new NamedType(BlockOcclusionSpec.class, BlockOcclusionSpec.TYPE),
                new NamedType(RandomErasingSpec.class, RandomErasingSpec.TYPE));
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

    private static Set<String> invalid(Object spec) {
        return validator.validate(spec).stream().map(v -> v.getPropertyPath().toString()).collect(Collectors.toSet());
    }

    private CorruptionSpec read(String json) throws Exception {
        return mapper.readValue(json, CorruptionSpec.class);
    }

    @Test
    void defaults() throws Exception {
        assertThat(read("{\"type\":\"gaussian-noise\"}")).isEqualTo(new GaussianNoiseSpec(0.3, true))
                .isEqualTo(GaussianNoiseSpec.defaults());
        assertThat(read("{\"type\":\"salt-and-pepper\"}")).isEqualTo(new SaltAndPepperSpec(0.1))
                .isEqualTo(SaltAndPepperSpec.defaults());
        assertThat(read("{\"type\":\"block-occlusion\"}")).isEqualTo(new BlockOcclusionSpec(1, 8, 14, Fill.ZERO, null))
                .isEqualTo(BlockOcclusionSpec.defaults());
        assertThat(read("{\"type\":\"random-erasing\"}")).isEqualTo(new RandomErasingSpec(0.5, 0.02, 0.33, 0.3))
                .isEqualTo(RandomErasingSpec.defaults());
        for (Object spec : List.of(GaussianNoiseSpec.defaults(), SaltAndPepperSpec.defaults(),
                BlockOcclusionSpec.defaults(), RandomErasingSpec.defaults())) {
            assertThat(invalid(spec)).as(spec.toString()).isEmpty();
        }
    }

    @Test
    void jsonRoundTrips() throws Exception {
        for (CorruptionSpec spec : List.of(new GaussianNoiseSpec(0.1, false), new SaltAndPepperSpec(0.5),
                new BlockOcclusionSpec(3, 2, 4, Fill.NOISE, null), new BlockOcclusionSpec(1, 2, 2, null, 0.5),
                new RandomErasingSpec(1.0, 0.1, 0.2, 0.5))) {
            String json = mapper.writeValueAsString(spec);
            assertThat(read(json)).as(json).isEqualTo(spec);
        }
        assertThat(mapper.writeValueAsString(BlockOcclusionSpec.defaults())).contains("\"fill\":\"zero\"");
    }

    @Test
    void blockOcclusionFillDesign() throws Exception {
        assertThat(read("{\"type\":\"block-occlusion\",\"fill\":\"one\"}"))
                .isEqualTo(new BlockOcclusionSpec(1, 8, 14, Fill.ONE, null));
        assertThat(read("{\"type\":\"block-occlusion\",\"fill\":\"noise\"}"))
                .isEqualTo(new BlockOcclusionSpec(1, 8, 14, Fill.NOISE, null));
        assertThat(read("{\"type\":\"block-occlusion\",\"fillValue\":0.5}"))       // implies "constant"
                .isEqualTo(new BlockOcclusionSpec(1, 8, 14, Fill.CONSTANT, 0.5));
        assertThatThrownBy(() -> read("{\"type\":\"block-occlusion\",\"fill\":\"constant\"}"))
                .rootCause().hasMessageContaining("fill \"constant\" needs a fillValue");
        assertThatThrownBy(() -> read("{\"type\":\"block-occlusion\",\"fill\":\"noise\",\"fillValue\":0.5}"))
                .rootCause().hasMessageContaining("fillValue is used only with fill \"constant\"")
                .hasMessageContaining("\"noise\"");
        assertThatThrownBy(() -> read("{\"type\":\"block-occlusion\",\"fill\":\"grey\"}"))
                .hasMessageContaining("grey");
    }

    @Test
    void crossFieldChecks() {
        assertThatThrownBy(() -> new BlockOcclusionSpec(null, 15, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("block-occlusion: minSize (15) must not exceed maxSize (14)");
        assertThat(new BlockOcclusionSpec(null, 5, 5, null, null).maxSize()).isEqualTo(5);
        assertThatThrownBy(() -> new RandomErasingSpec(null, 0.5, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("random-erasing: minArea (0.5) must not exceed maxArea (0.33)");
    }

    @Test
    void rangesAreValidated() {
        assertThat(invalid(new GaussianNoiseSpec(0.0, null))).containsExactly("sigma");
        assertThat(invalid(new SaltAndPepperSpec(0.0))).containsExactly("probability");
        assertThat(invalid(new SaltAndPepperSpec(1.5))).containsExactly("probability");
        assertThat(invalid(new SaltAndPepperSpec(1.0))).isEmpty();
        assertThat(invalid(new BlockOcclusionSpec(0, -2, 0, null, null)))
                .containsExactlyInAnyOrder("blocks", "minSize", "maxSize");
        assertThat(invalid(new BlockOcclusionSpec(null, null, null, null, 1.5))).containsExactly("fillValue");
        assertThat(invalid(new BlockOcclusionSpec(null, null, null, null, 1.0))).isEmpty();
        assertThat(invalid(new RandomErasingSpec(1.5, 0.0, 1.5, 0.0)))
                .containsExactlyInAnyOrder("probability", "minArea", "maxArea", "minAspect");
        assertThat(invalid(new RandomErasingSpec(0.0, 1.0, 1.0, 1.0))).isEmpty();
    }

    @Test
    void everyComponentIsDocumented() {
        for (Class<?> spec : List.of(GaussianNoiseSpec.class, SaltAndPepperSpec.class, BlockOcclusionSpec.class,
                RandomErasingSpec.class)) {
            for (RecordComponent c : spec.getRecordComponents()) {
                assertThat(c.getAccessor().getAnnotation(JsonPropertyDescription.class))
                        .as(spec.getSimpleName() + "." + c.getName()).isNotNull();
            }
        }
    }
}
