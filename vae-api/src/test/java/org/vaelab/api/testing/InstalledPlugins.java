package org.vaelab.api.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.util.Modules;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.vaelab.api.ComponentRegistration;
import org.vaelab.api.VaePlugin;

/**
 * For a plugin module's tests: the registrations of every plugin on the test class path, found and wired as the
 * framework does (ServiceLoader, then Guice), and a plain mapper that knows their type names.
 */
public final class InstalledPlugins {

    private InstalledPlugins() {}

    /** @return every registration of the plugins found by ServiceLoader */
    public static Set<ComponentRegistration> registrations() {
        List<VaePlugin> plugins = ServiceLoader.load(VaePlugin.class).stream().map(ServiceLoader.Provider::get).toList();
        return Guice.createInjector(Modules.combine(plugins))
                .getInstance(Key.get(new TypeLiteral<Set<ComponentRegistration>>() {}));
    }

    /**
     * @param registrations the registrations
     * @return a mapper that binds their specs by type name, as the framework's mapper does
     */
    public static ObjectMapper mapperFor(Set<ComponentRegistration> registrations) {
        ObjectMapper mapper = new ObjectMapper();
        registrations.forEach(r -> mapper.registerSubtypes(new NamedType(r.specClass(), r.type())));
        return mapper;
    }
}
