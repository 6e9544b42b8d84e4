package org.vaelab.experiments.plugins;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.vaelab.api.UserInputException;
import org.vaelab.api.VaePlugin;

/**
 * Finds plugins: every {@link VaePlugin} on the class path, plus those in the jars of extra plugin
 * folders (the launcher's {@code plugins/} folder and {@code --plugins DIR}).
 */
public final class PluginLoader {

    private PluginLoader() {}

    /**
     * @param pluginDirs folders whose {@code *.jar} files are added to a child class loader; missing folders are skipped
     * @return the class loader that sees the class path and those jars
     */
    public static ClassLoader classLoaderFor(List<Path> pluginDirs) {
        List<URL> jars = new ArrayList<>();
        for (Path dir : pluginDirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path jar : files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                    jars.add(jar.toUri().toURL());
                }
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new UserInputException("cannot list plugin folder " + dir + ": " + e.getMessage(), e);
            }
        }
        ClassLoader parent = PluginLoader.class.getClassLoader();
        return jars.isEmpty() ? parent : new URLClassLoader(jars.toArray(URL[]::new), parent);
    }

    /**
     * @param loader where to look
     * @return one instance of every plugin listed in {@code META-INF/services/org.vaelab.api.VaePlugin}
     */
    public static List<VaePlugin> load(ClassLoader loader) {
        List<VaePlugin> plugins = new ArrayList<>();
        try {
            for (VaePlugin plugin : ServiceLoader.load(VaePlugin.class, loader)) {
                plugins.add(plugin);
            }
        } catch (ServiceConfigurationError e) {
            throw new UserInputException("a plugin could not be loaded: " + e.getMessage(), e);
        }
        return plugins;
    }
}
