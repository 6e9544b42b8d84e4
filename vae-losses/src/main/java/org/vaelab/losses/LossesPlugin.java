package org.vaelab.losses;

import com.google.inject.AbstractModule;
import org.vaelab.api.Plugins;
import org.vaelab.api.VaePlugin;
import org.vaelab.losses.denoising.DenoisingReconstruction;
import org.vaelab.losses.denoising.DenoisingSpec;
import org.vaelab.losses.kl.BetaKl;
import org.vaelab.losses.kl.BetaKlCapacity;
import org.vaelab.losses.kl.BetaKlSpec;
import org.vaelab.losses.kl.FreeBits;
import org.vaelab.losses.dip.Dip;
import org.vaelab.losses.factor.FactorTc;
import org.vaelab.losses.iwae.Iwae;
import org.vaelab.losses.mmd.Mmd;
import org.vaelab.losses.recon.continuous.ContinuousBernoulliReconstruction;
import org.vaelab.losses.recon.laplace.LaplaceReconstruction;
import org.vaelab.losses.recon.learned.LearnedGaussianReconstruction;
import org.vaelab.losses.recon.logistic.DiscretisedLogisticReconstruction;
import org.vaelab.losses.schedule.ConstantSchedule;
import org.vaelab.losses.schedule.CyclicalSchedule;
import org.vaelab.losses.schedule.LinearSchedule;
import org.vaelab.losses.tc.TotalCorrelation;
import org.vaelab.losses.vq.VqLoss;
import org.vaelab.losses.occlusion.OcclusionWeightedReconstruction;
import org.vaelab.losses.occlusion.OcclusionWeightedSpec;
import org.vaelab.losses.recon.bernoulli.BernoulliReconstruction;
import org.vaelab.losses.recon.bernoulli.BernoulliReconstructionSpec;
import org.vaelab.losses.recon.gaussian.GaussianReconstruction;
import org.vaelab.losses.recon.gaussian.GaussianReconstructionSpec;

/**
 * Registers the built-in loss terms: {@value BernoulliReconstructionSpec#TYPE},
 * {@value GaussianReconstructionSpec#TYPE}, {@value DenoisingSpec#TYPE}, {@value OcclusionWeightedSpec#TYPE}
 * {@value BetaKlSpec#TYPE} (with an optional nested schedule), and the model zoo's terms: beta-kl-capacity,
 * free-bits, laplace-, continuous-bernoulli-, learned-gaussian- and discretised-logistic-reconstruction, mmd,
 * iwae, total-correlation, factor-tc and dip; and the schedules constant, linear and cyclical. Found through
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
        Plugins.loss(binder(), BetaKlSpec.TYPE, BetaKlSpec.class, BetaKl.Factory.class);
        Plugins.loss(binder(), BetaKlCapacity.Spec.TYPE, BetaKlCapacity.Spec.class, BetaKlCapacity::new);
        Plugins.loss(binder(), FreeBits.Spec.TYPE, FreeBits.Spec.class, FreeBits::new);
        Plugins.loss(binder(), LaplaceReconstruction.Spec.TYPE, LaplaceReconstruction.Spec.class,
                LaplaceReconstruction::new);
        Plugins.loss(binder(), ContinuousBernoulliReconstruction.Spec.TYPE, ContinuousBernoulliReconstruction.Spec.class,
                ContinuousBernoulliReconstruction::new);
        Plugins.loss(binder(), LearnedGaussianReconstruction.Spec.TYPE, LearnedGaussianReconstruction.Spec.class,
                LearnedGaussianReconstruction::new);
        Plugins.loss(binder(), DiscretisedLogisticReconstruction.Spec.TYPE, DiscretisedLogisticReconstruction.Spec.class,
                DiscretisedLogisticReconstruction::new);
        Plugins.loss(binder(), Mmd.Spec.TYPE, Mmd.Spec.class, Mmd::new);
        Plugins.loss(binder(), Iwae.Spec.TYPE, Iwae.Spec.class, Iwae::new);
        Plugins.loss(binder(), TotalCorrelation.Spec.TYPE, TotalCorrelation.Spec.class, TotalCorrelation::new);
        Plugins.loss(binder(), Dip.Spec.TYPE, Dip.Spec.class, Dip::new);
        Plugins.loss(binder(), FactorTc.Spec.TYPE, FactorTc.Spec.class, FactorTc::new);
        Plugins.loss(binder(), VqLoss.Spec.TYPE, VqLoss.Spec.class, VqLoss::new);
        Plugins.schedule(binder(), ConstantSchedule.Spec.TYPE, ConstantSchedule.Spec.class, ConstantSchedule::new);
        Plugins.schedule(binder(), LinearSchedule.Spec.TYPE, LinearSchedule.Spec.class, LinearSchedule::new);
        Plugins.schedule(binder(), CyclicalSchedule.Spec.TYPE, CyclicalSchedule.Spec.class, CyclicalSchedule::new);
    }
}
