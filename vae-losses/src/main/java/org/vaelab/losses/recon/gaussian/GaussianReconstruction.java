package org.vaelab.losses.recon.gaussian;

import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.loss.ReconstructionTerm;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.ops.VaeOps;
import org.vaelab.losses.recon.PixelLikelihood;

/**
 * Gaussian reconstruction term with fixed standard deviation {@code sigma}: the decoder output {@code mu}
 * is the per-pixel mean, and the term is the full negative log-likelihood of the clean target {@code x},
 * constant included, summed over the {@code D} pixels,
 * <pre>
 *   -log p(x|z) = sum_i (x_i - mu_i)^2 / (2 sigma^2) + D (log sigma + log(2 pi) / 2)
 * </pre>
 * ({@link VaeOps#gaussianNll}). Keeping the constant makes the value a true negative log-likelihood, so the
 * negative ELBO is comparable across sigmas; it does not change gradients. The mean of p(x|z) is the
 * decoder output as is (no squashing: clip or rescale for display if the data lie in [0, 1]). Both come
 * from {@link PixelLikelihood#GAUSSIAN}, which the denoising and occlusion-weighted terms share.
 *
 * <p>Reference: D. P. Kingma and M. Welling, <i>Auto-Encoding Variational Bayes</i>, ICLR 2014
 * (Appendix C.2, Gaussian MLP decoder; here with a fixed rather than a learned variance).
 *
 * <table>
 *   <caption>Spec fields ({@code "type": "gaussian-reconstruction"})</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code weight}</td><td>1.0</td><td>Multiplier of this term in the training objective; &ge; 0.</td></tr>
 *   <tr><td>{@code sigma}</td><td>1.0</td><td>Fixed standard deviation of each pixel's Gaussian, in data
 *       units; &gt; 0. Smaller values weigh reconstruction more against the KL.</td></tr>
 * </table>
 */
public final class GaussianReconstruction implements ReconstructionTerm {

    private final GaussianReconstructionSpec spec;

    /** @param spec the validated spec */
    public GaussianReconstruction(GaussianReconstructionSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /** @return the spec this term was built from */
    public GaussianReconstructionSpec spec() {
        return spec;
    }

    /** @return {@code "recon"} */
    @Override
    public String name() {
        return "recon";
    }

    /**
     * @return the Gaussian negative log-likelihood of {@code target} with mean {@code decoderOutput} and the
     *     spec's sigma, {@code [batch]}; {@code D} is the context's {@link GraphContext#inputDim()}
     */
    @Override
    public SDVariable negLogLikelihood(GraphContext g, SDVariable target, SDVariable decoderOutput) {
        return PixelLikelihood.GAUSSIAN.negLogLikelihood(g, target, decoderOutput, spec.sigma());
    }

    /** @return {@code decoderOutput} itself */
    @Override
    public SDVariable mean(GraphContext g, SDVariable decoderOutput) {
        return PixelLikelihood.GAUSSIAN.mean(g, decoderOutput);
    }
}
