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
        // the SPI's capabilities beyond the built-ins: schedules, K samples, prior samples, a learnable prior
        // through the encoder, another posterior family
        Plugins.loss(binder(), WarmupKl.Spec.TYPE, WarmupKl.Spec.class, WarmupKl::new);
        Plugins.loss(binder(), KSampleElbo.Spec.TYPE, KSampleElbo.Spec.class, KSampleElbo::new);
        Plugins.loss(binder(), PriorMmd.Spec.TYPE, PriorMmd.Spec.class, PriorMmd::new);
        Plugins.prior(binder(), PseudoInputPrior.Spec.TYPE, PseudoInputPrior.Spec.class, PseudoInputPrior::new);
        Plugins.encoder(binder(), LaplaceEncoder.Spec.TYPE, LaplaceEncoder.Spec.class, LaplaceEncoder::new);
        Plugins.loss(binder(), LearnedDivisor.Spec.TYPE, LearnedDivisor.Spec.class, LearnedDivisor::new);
        Plugins.metric(binder(), MeanAbsCode.Spec.TYPE, MeanAbsCode.Spec.class, MeanAbsCode::new);
    }
}
