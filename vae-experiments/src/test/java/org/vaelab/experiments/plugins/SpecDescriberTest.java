package org.vaelab.experiments.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.google.inject.AbstractModule;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vaelab.api.ComponentKind;
import org.vaelab.api.Plugins;
import org.vaelab.api.VaePlugin;
import org.vaelab.api.data.DataSpec;

class SpecDescriberTest {

    enum Shape {
        @JsonProperty("round") ROUND,
        @JsonProperty("very-square") SQUARE
    }

    record ProbeSpec(
            @JsonPropertyDescription("Where.") @NotBlank String path,
            @NotNull Integer needed,
            @NotEmpty List<@NotNull Shape> shapes,
            @JsonPropertyDescription("A shape | with a pipe.") Shape shape,
            Integer optional,
            Double scale) implements DataSpec {
        ProbeSpec {
            if (shape == null) {
                shape = Shape.SQUARE;
            }
            if (scale == null) {
                scale = 0.5;
            }
        }
    }

    static final class ProbePlugin extends AbstractModule implements VaePlugin {
        @Override
        protected void configure() {
            Plugins.data(binder(), "probe", ProbeSpec.class, spec -> null);
        }
    }

    @Test
    void describesTypesDefaultsRequiredFieldsAndEnumValues() {
        Framework fw = Framework.create(List.of(new ProbePlugin()));
        List<SpecDescriber.Field> fields = SpecDescriber.fields(fw.registry().registrations(ComponentKind.DATA).get(0), fw.json());

        assertThat(fields).extracting(SpecDescriber.Field::name)
                .containsExactly("path", "needed", "shapes", "shape", "optional", "scale");
        assertThat(fields).extracting(SpecDescriber.Field::type)
                .containsExactly("string", "integer", "list of (round | very-square)", "round | very-square", "integer", "number");
        assertThat(fields).extracting(SpecDescriber.Field::defaultValue)
                .containsExactly("(required)", "(required)", "(required)", "\"very-square\"", "none", "0.5");
        assertThat(fields.get(0).description()).isEqualTo("Where.");
        assertThat(fields.get(1).description()).isEmpty();
    }
}
