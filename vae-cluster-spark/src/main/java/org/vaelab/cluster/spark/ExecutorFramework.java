package org.vaelab.cluster.spark;

import java.util.List;
import org.vaelab.experiments.plugins.Framework;

/**
 * The framework an executor JVM runs its trials with: started once per JVM, on the first trial, from the plugins
 * on the executor's class path (plugin discovery and Guice wiring take a second; a JVM runs many trials).
 */
final class ExecutorFramework {

    private static Framework framework;

    private ExecutorFramework() {}

    /** @return the executor's framework, started on first use */
    static synchronized Framework get() {
        if (framework == null) {
            framework = Framework.start(List.of());
        }
        return framework;
    }

    /**
     * With the embedded local master the executor is the driver's JVM: its tasks use the driver's framework,
     * with the plugin folders it was started with.
     *
     * @param driver the driver's framework
     */
    static synchronized void share(Framework driver) {
        framework = driver;
    }
}
