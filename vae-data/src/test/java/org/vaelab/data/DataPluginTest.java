package org.vaelab.data;

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
import org.vaelab.api.data.DataSpec;
import org.vaelab.data.dsprites.DspritesSource;
import org.vaelab.data.dsprites.DspritesSpec;
import org.vaelab.data.folder.ImageFolderSource;
import org.vaelab.data.folder.ImageFolderSpec;
import org.vaelab.data.idx.IdxSource;
import org.vaelab.data.idx.IdxSpec;

class DataPluginTest {

    @Test
    void foundByServiceLoader() {
        assertThat(ServiceLoader.load(VaePlugin.class).stream().map(ServiceLoader.Provider::type))
                .contains(DataPlugin.class);
    }

    @Test
    void registersTheSourcesAsData() throws Exception {
        Injector injector = Guice.createInjector(new DataPlugin());
        Set<ComponentRegistration> registrations =
                injector.getInstance(Key.get(new TypeLiteral<Set<ComponentRegistration>>() {}));
        Map<String, ComponentRegistration> data = registrations.stream()
                .filter(r -> r.kind() == ComponentKind.DATA)
                .collect(Collectors.toMap(ComponentRegistration::type, Function.identity()));
        assertThat(registrations).allSatisfy(r -> assertThat(r.kind()).isEqualTo(ComponentKind.DATA));
        assertThat(data).containsOnlyKeys("dsprites", "idx", "image-folder");
        assertThat(data.get("dsprites").specClass()).isEqualTo(DspritesSpec.class);
        assertThat(data.get("idx").specClass()).isEqualTo(IdxSpec.class);
        assertThat(data.get("image-folder").specClass()).isEqualTo(ImageFolderSpec.class);
        assertThat(create(data.get("dsprites"), DspritesSpec.defaults())).isInstanceOf(DspritesSource.class);
        assertThat(create(data.get("idx"), IdxSpec.defaults())).isInstanceOf(IdxSource.class);
        assertThat(create(data.get("image-folder"), ImageFolderSpec.of("images")))
                .isInstanceOf(ImageFolderSource.class);

        // the registered names bind the specs in Jackson
        ObjectMapper mapper = new ObjectMapper();
        data.values().forEach(r -> mapper.registerSubtypes(new NamedType(r.specClass(), r.type())));
        assertThat(mapper.readValue("{\"type\":\"dsprites\"}", DataSpec.class)).isEqualTo(DspritesSpec.defaults());
        assertThat(mapper.readValue("{\"type\":\"idx\"}", DataSpec.class)).isEqualTo(IdxSpec.defaults());
        assertThat(mapper.readValue("{\"type\":\"image-folder\",\"path\":\"images\"}", DataSpec.class))
                .isEqualTo(ImageFolderSpec.of("images"));
    }

    @SuppressWarnings("unchecked")
    private static Object create(ComponentRegistration registration, ComponentSpec spec) {
        assertThat(registration.factoryInstance()).isNotNull();
        return ((ComponentFactory<ComponentSpec, ?>) registration.factoryInstance()).create(spec);
    }
}
