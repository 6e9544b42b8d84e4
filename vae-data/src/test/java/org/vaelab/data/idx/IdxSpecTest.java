package org.vaelab.data.idx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.lang.reflect.RecordComponent;
import org.junit.jupiter.api.Test;
import org.vaelab.api.data.DataSpec;

class IdxSpecTest {

    @Test
    void defaults() {
        IdxSpec spec = IdxSpec.defaults();
        assertThat(spec.path()).isEqualTo("/usr/share/datasets/fashion-mnist");
        assertThat(spec.trainSize()).isNull();
        assertThat(spec.testSize()).isNull();
        assertThat(spec.binarize()).isFalse();
    }

    @Test
    void jsonRoundTripThroughTheBaseType() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        mapper.registerSubtypes(new NamedType(IdxSpec.class, IdxSpec.TYPE));
        assertThat(mapper.readValue("{\"type\":\"idx\"}", DataSpec.class)).isEqualTo(IdxSpec.defaults());
        DataSpec custom = mapper.readValue(
                "{\"type\":\"idx\",\"path\":\"data/mnist\",\"trainSize\":100,\"binarize\":true}", DataSpec.class);
        assertThat(custom).isEqualTo(new IdxSpec("data/mnist", 100, null, true));
        String json = mapper.writeValueAsString(custom);
        assertThat(json).contains("\"type\":\"idx\"").contains("\"path\":\"data/mnist\"");
        assertThat(mapper.readValue(json, DataSpec.class)).isEqualTo(custom);
    }

    @Test
    void everyComponentIsDocumented() throws Exception {
        for (RecordComponent c : IdxSpec.class.getRecordComponents()) {
            assertThat(c.getAccessor().getAnnotation(JsonPropertyDescription.class)).as(c.getName()).isNotNull();
        }
        assertThat(IdxSpec.class.getMethod("path").getAnnotation(NotBlank.class)).isNotNull();
        assertThat(IdxSpec.class.getMethod("trainSize").getAnnotation(Positive.class)).isNotNull();
        assertThat(IdxSpec.class.getMethod("testSize").getAnnotation(Positive.class)).isNotNull();
    }
}
