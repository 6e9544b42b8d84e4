package org.vaelab.data.corruption;

import com.google.inject.AbstractModule;
import org.vaelab.api.Plugins;
import org.vaelab.api.VaePlugin;

/**
 * The corruptions plugin: registers the {@code "gaussian-noise"}, {@code "salt-and-pepper"},
 * {@code "block-occlusion"} and {@code "random-erasing"} input corruptions.
 *
 * <p>Found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/org.vaelab.api.VaePlugin}.
 */
public final class CorruptionsPlugin extends AbstractModule implements VaePlugin {

    /** Creates the plugin; called by {@link java.util.ServiceLoader}. */
    public CorruptionsPlugin() {}

    @Override
    protected void configure() {
        Plugins.corruption(binder(), GaussianNoiseSpec.TYPE, GaussianNoiseSpec.class, GaussianNoise::new);
        Plugins.corruption(binder(), SaltAndPepperSpec.TYPE, SaltAndPepperSpec.class, SaltAndPepper::new);
        Plugins.corruption(binder(), BlockOcclusionSpec.TYPE, BlockOcclusionSpec.class, BlockOcclusion::new);
        Plugins.corruption(binder(), RandomErasingSpec.TYPE, RandomErasingSpec.class, RandomErasing::new);
    }
}
