package org.example.vaelab.laplace;

import com.google.inject.AbstractModule;
import org.vaelab.api.Plugins;
import org.vaelab.api.VaePlugin;

/**
 * The plugin: a Guice module listed in {@code META-INF/services/org.vaelab.api.VaePlugin}. Each
 * {@link Plugins} call binds a config type name to its spec class and its factory.
 */
public final class LaplacePlugin extends AbstractModule implements VaePlugin {

    /** Creates the plugin; {@link java.util.ServiceLoader} needs a public no-argument constructor. */
    public LaplacePlugin() {}

    @Override
    protected void configure() {
        Plugins.prior(binder(), LaplacePriorSpec.TYPE, LaplacePriorSpec.class, LaplacePrior::new);
        Plugins.loss(binder(), LatentL1Spec.TYPE, LatentL1Spec.class, LatentL1::new);
    }
}
