package org.vaelab.data.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.lang.reflect.RecordComponent;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vaelab.api.data.DataSpec;

class ImageFolderSpecTest {

    private static ValidatorFactory factory;
    private static Validator validator;

    private final ObjectMapper mapper = new ObjectMapper();

    ImageFolderSpecTest() {
        mapper.registerSubtypes(new NamedType(ImageFolderSpec.class, ImageFolderSpec.TYPE));
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

    private static Set<String> invalid(ImageFolderSpec spec) {
        return validator.validate(spec).stream().map(v -> v.getPropertyPath().toString()).collect(Collectors.toSet());
    }

    @Test
    void defaults() {
        ImageFolderSpec spec = ImageFolderSpec.of("data/images");
        assertThat(spec).isEqualTo(new ImageFolderSpec("data/images", 64, 64, 1, 0.1, null));
        assertThat(invalid(spec)).isEmpty();
    }

    @Test
    void pathIsRequired() throws Exception {
        DataSpec spec = mapper.readValue("{\"type\":\"image-folder\"}", DataSpec.class);
        assertThat(((ImageFolderSpec) spec).path()).isNull();
        assertThat(invalid((ImageFolderSpec) spec)).containsExactly("path");
        assertThat(invalid(ImageFolderSpec.of(" "))).containsExactly("path");
    }

    @Test
    void rangesAreValidated() {
        assertThat(invalid(new ImageFolderSpec("d", 0, -1, 3, 1.0, 0)))
                .containsExactlyInAnyOrder("height", "width", "testFraction", "maxImages");
        assertThat(invalid(new ImageFolderSpec("d", 1, 1, 3, -0.1, 1))).containsExactly("testFraction");
        assertThat(invalid(new ImageFolderSpec("d", 1, 1, 3, 0.0, 1))).isEmpty();
        assertThat(invalid(new ImageFolderSpec("d", 1, 1, 3, 0.99, 1))).isEmpty();
        for (int channels : new int[] {0, 2, 4, -3}) {
            assertThatThrownBy(() -> new ImageFolderSpec("d", null, null, channels, null, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("channels must be 1 (grayscale) or 3 (RGB), got " + channels);
        }
    }

    @Test
    void jsonRoundTripThroughTheBaseType() throws Exception {
        DataSpec parsed = mapper.readValue("{\"type\":\"image-folder\",\"path\":\"imgs\",\"channels\":3,"
                + "\"testFraction\":0.2,\"maxImages\":100}", DataSpec.class);
        assertThat(parsed).isEqualTo(new ImageFolderSpec("imgs", 64, 64, 3, 0.2, 100));
        String json = mapper.writeValueAsString(parsed);
        assertThat(json).contains("\"type\":\"image-folder\"");
        assertThat(mapper.readValue(json, DataSpec.class)).isEqualTo(parsed);
        assertThatThrownBy(() -> mapper.readValue("{\"type\":\"image-folder\",\"path\":\"p\",\"channels\":2}",
                DataSpec.class)).rootCause().hasMessageContaining("channels must be 1");
    }

    @Test
    void everyComponentIsDocumented() {
        for (RecordComponent c : ImageFolderSpec.class.getRecordComponents()) {
            assertThat(c.getAccessor().getAnnotation(JsonPropertyDescription.class)).as(c.getName()).isNotNull();
        }
        Set<ConstraintViolation<ImageFolderSpec>> none = validator.validate(ImageFolderSpec.of("x"));
        assertThat(none).isEmpty();
    }
}
