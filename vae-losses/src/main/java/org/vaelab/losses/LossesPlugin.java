package org.vaelab.losses;

import com.google.inject.AbstractModule;
import org.vaelab.api.Plugins;
import org.vaelab.api.VaePlugin;
import org.vaelab.losses.denoising.DenoisingReconstruction;
import org.vaelab.losses.denoising.DenoisingSpec;
import org.vaelab.losses.kl.BetaKl;
import org.vaelab.losses.kl.BetaKlSpec;
import org.vaelab.losses.occlusion.OcclusionWeightedReconstruction;
import org.vaelab.losses.occlusion.OcclusionWeightedSpec;
import org.vaelab.losses.recon.bernoulli.BernoulliReconstruction;
import org.vaelab.losses.recon.bernoulli.BernoulliReconstructionSpec;
import org.vaelab.losses.recon.gaussian.GaussianReconstruction;
import org.vaelab.losses.recon.gaussian.GaussianReconstructionSpec;

/**
 * Registers the built-in loss terms: {@value BernoulliReconstructionSpec#TYPE},
 * {@value GaussianReconstructionSpec#TYPE}, {@value DenoisingSpec#TYPE}, {@value OcclusionWeightedSpec#TYPE}
 * and {@value BetaKlSpec#TYPE}. Found through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.vaelab.api.VaePlugin}).
 */
public final class LossesPlugin extends AbstractModule implements VaePlugin {

    /** Creates the plugin; {@link java.util.ServiceLoader} needs this public no-argument constructor. */
    public LossesPlugin() {}

    @Override
    protected void configure() {
        Plugins.loss(binder(), BernoulliReconstructionSpec.TYPE, BernoulliReconstructionSpec.class,
                BernoulliReconstruction::new);
        Plugins.loss(binder(), GaussianReconstructionSpec.TYPE, GaussianReconstructionSpec.class,
                GaussianReconstruction::new);
        Plugins.loss(binder(), DenoisingSpec.TYPE, DenoisingSpec.class, DenoisingReconstruction::new);
        Plugins.loss(binder(), OcclusionWeightedSpec.TYPE, OcclusionWeightedSpec.class,
                OcclusionWeightedReconstruction::new);
        Plugins.loss(binder(), BetaKlSpec.TYPE, BetaKlSpec.class, BetaKl::new);
    }
}
