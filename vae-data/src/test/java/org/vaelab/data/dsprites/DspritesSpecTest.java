package org.vaelab.data.dsprites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import jakarta.validation.constraints.Positive;
import java.lang.reflect.RecordComponent;
import org.junit.jupiter.api.Test;
import org.vaelab.api.data.DataSpec;

class DspritesSpecTest {

    private final ObjectMapper mapper = new ObjectMapper();

    DspritesSpecTest() {
        mapper.registerSubtypes(new NamedType(DspritesSpec.class, DspritesSpec.TYPE));
    }

    @Test
    void defaults() {
        DspritesSpec spec = DspritesSpec.defaults();
        assertThat(spec.trainSize()).isEqualTo(20000);
        assertThat(spec.testSize()).isEqualTo(2000);
        assertThat(new DspritesSpec(5, null)).isEqualTo(new DspritesSpec(5, 2000));
    }

    @Test
    void rejectsMoreThanTheGrid() {
        assertThatThrownBy(() -> new DspritesSpec(737_000, 281))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("737281")
                .hasMessageContaining("737280");
        assertThat(new DspritesSpec(737_000, 280).testSize()).isEqualTo(280);
        assertThatThrownBy(() -> new DspritesSpec(Integer.MAX_VALUE, Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonRoundTripThroughTheBaseType() throws Exception {
        DataSpec parsed = mapper.readValue("{\"type\":\"dsprites\"}", DataSpec.class);
        assertThat(parsed).isEqualTo(DspritesSpec.defaults());
        DataSpec custom = mapper.readValue("{\"type\":\"dsprites\",\"trainSize\":64}", DataSpec.class);
        assertThat(custom).isEqualTo(new DspritesSpec(64, 2000));
        String json = mapper.writeValueAsString(custom);
        assertThat(json).contains("\"type\":\"dsprites\"");
        assertThat(mapper.readValue(json, DataSpec.class)).isEqualTo(custom);
        assertThatThrownBy(() -> mapper.readValue("{\"type\":\"dsprites\",\"trainSize\":737280}", DataSpec.class))
                .rootCause().hasMessageContaining("exceeds");
    }

    @Test
    void everyComponentIsDocumentedAndConstrained() {
        for (RecordComponent c : DspritesSpec.class.getRecordComponents()) {
            assertThat(c.getAccessor().getAnnotation(JsonPropertyDescription.class)).as(c.getName()).isNotNull();
            assertThat(c.getAccessor().getAnnotation(Positive.class)).as(c.getName()).isNotNull();
        }
    }
}
