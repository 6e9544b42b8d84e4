package org.vaelab.data.corruption;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.vaelab.api.ComponentFactory;
import org.vaelab.api.ComponentKind;
import org.vaelab.api.ComponentRegistration;
import org.vaelab.api.ComponentSpec;
import org.vaelab.api.VaePlugin;
import org.vaelab.api.corruption.CorruptionSpec;

class CorruptionsPluginTest {

    @Test
    void foundByServiceLoader() {
        assertThat(ServiceLoader.load(VaePlugin.class).stream().map(ServiceLoader.Provider::type))
                .contains(CorruptionsPlugin.class);
    }

    @Test
    void registersTheFourCorruptions() throws Exception {
        Injector injector = Guice.createInjector(new CorruptionsPlugin());
        Set<ComponentRegistration> registrations =
                injector.getInstance(Key.get(new TypeLiteral<Set<ComponentRegistration>>() {}));
        assertThat(registrations).allSatisfy(r -> assertThat(r.kind()).isEqualTo(ComponentKind.CORRUPTION));
        Map<String, ComponentRegistration> byType = registrations.stream()
                .collect(Collectors.toMap(ComponentRegistration::type, Function.identity()));
        assertThat(byType).containsOnlyKeys("gaussian-noise", "salt-and-pepper", "block-occlusion", "random-erasing");
        assertThat(byType.get("gaussian-noise").specClass()).isEqualTo(GaussianNoiseSpec.class);
        assertThat(byType.get("salt-and-pepper").specClass()).isEqualTo(SaltAndPepperSpec.class);
        assertThat(byType.get("block-occlusion").specClass()).isEqualTo(BlockOcclusionSpec.class);
        assertThat(byType.get("random-erasing").specClass()).isEqualTo(RandomErasingSpec.class);
        assertThat(create(byType.get("gaussian-noise"), GaussianNoiseSpec.defaults())).isInstanceOf(GaussianNoise.class);
        assertThat(create(byType.get("salt-and-pepper"), SaltAndPepperSpec.defaults())).isInstanceOf(SaltAndPepper.class);
        assertThat(create(byType.get("block-occlusion"), BlockOcclusionSpec.defaults()))
                .isInstanceOf(BlockOcclusion.class);
        assertThat(create(byType.get("random-erasing"), RandomErasingSpec.defaults())).isInstanceOf(RandomErasing.class);

        // the registered names bind the specs in Jackson, with every default filled in
        ObjectMapper mapper = new ObjectMapper();
        byType.values().forEach(r -> mapper.registerSubtypes(new NamedType(r.specClass(), r.type())));
        assertThat(mapper.readValue("{\"type\":\"gaussian-noise\"}", CorruptionSpec.class))
                .isEqualTo(GaussianNoiseSpec.defaults());
        assertThat(mapper.readValue("{\"type\":\"salt-and-pepper\"}", CorruptionSpec.class))
                .isEqualTo(SaltAndPepperSpec.defaults());
        assertThat(mapper.readValue("{\"type\":\"block-occlusion\"}", CorruptionSpec.class))
                .isEqualTo(BlockOcclusionSpec.defaults());
        assertThat(mapper.readValue("{\"type\":\"random-erasing\"}", CorruptionSpec.class))
                .isEqualTo(RandomErasingSpec.defaults());
    }

    @SuppressWarnings("unchecked")
    private static Object create(ComponentRegistration registration, ComponentSpec spec) {
        assertThat(registration.factoryInstance()).isNotNull();
        return ((ComponentFactory<ComponentSpec, ?>) registration.factoryInstance()).create(spec);
    }
}
