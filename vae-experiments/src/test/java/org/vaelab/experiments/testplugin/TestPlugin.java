package org.vaelab.experiments.testplugin;

import com.google.inject.AbstractModule;
import org.vaelab.api.Plugins;
import org.vaelab.api.VaePlugin;

/**
 * A plugin that lives only in the test sources and is registered through the test class path's
 * {@code META-INF/services}: proof that a new prior and loss term work without touching the framework.
 */
public final class TestPlugin extends AbstractModule implements VaePlugin {
    @Override
    protected void configure() {
        Plugins.prior(binder(), ScaledNormalPrior.Spec.TYPE, ScaledNormalPrior.Spec.class, ScaledNormalPrior::new);
        Plugins.loss(binder(), LatentL2.Spec.TYPE, LatentL2.Spec.class, LatentL2.Factory.class);
        Plugins.metric(binder(), MeanAbsCode.Spec.TYPE, MeanAbsCode.Spec.class, MeanAbsCode::new);
    }
}
