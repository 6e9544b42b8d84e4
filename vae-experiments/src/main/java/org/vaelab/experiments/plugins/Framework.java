package org.vaelab.experiments.plugins;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.name.Names;
import com.google.inject.spi.Message;
import jakarta.validation.Validator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.vaelab.api.UserInputException;
import org.vaelab.api.VaePlugin;

/**
 * The started framework: plugins found, Guice injector created, registry and mappers ready.
 *
 * @param plugins the plugins found, in load order
 * @param injector the injector over the core module and every plugin
 * @param registry every registered component type
 * @param json the strict JSON mapper that knows every plugin's spec types
 * @param yaml the YAML mapper with the same settings
 * @param validator Jakarta Bean Validation
 */
public record Framework(List<VaePlugin> plugins, Injector injector, ComponentRegistry registry, ObjectMapper json,
        ObjectMapper yaml, Validator validator) {

    /**
     * Finds plugins on the class path and in the given folders and wires them.
     *
     * @param pluginDirs extra folders of plugin jars
     * @return the framework
     */
    public static Framework start(List<Path> pluginDirs) {
        return create(PluginLoader.load(PluginLoader.classLoaderFor(pluginDirs)));
    }

    /**
     * Wires the given plugins (no discovery).
     *
     * @param plugins the plugins
     * @return the framework
     */
    public static Framework create(List<VaePlugin> plugins) {
        List<com.google.inject.Module> modules = new ArrayList<>();
        modules.add(new CoreModule());
        modules.addAll(plugins);
        Injector injector;
        try {
            injector = Guice.createInjector(Stage.PRODUCTION, modules);
        } catch (CreationException e) {
            // a ComponentRegistry clash surfaces here, wrapped by Guice: report it as the user error it is
            for (Message m : e.getErrorMessages()) {
                if (m.getCause() instanceof UserInputException u) {
                    throw u;
                }
            }
            throw new UserInputException("plugins could not be wired: " + e.getErrorMessages().stream()
                    .map(Message::getMessage).collect(Collectors.joining("; ")), e);
        }
        return new Framework(List.copyOf(plugins), injector, injector.getInstance(ComponentRegistry.class),
                injector.getInstance(ObjectMapper.class),
                injector.getInstance(Key.get(ObjectMapper.class, Names.named("yaml"))),
                injector.getInstance(Validator.class));
    }
}
