package org.vaelab.losses.recon.bernoulli;

import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.loss.ReconstructionTerm;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.ops.VaeOps;
import org.vaelab.losses.recon.PixelLikelihood;

/**
 * Bernoulli reconstruction term: the decoder output {@code l} holds per-pixel logits, and the term is the
 * negative log-likelihood of the clean target {@code x}, summed over the {@code D} pixels,
 * <pre>
 *   -log p(x|z) = sum_i [ -x_i log sigmoid(l_i) - (1 - x_i) log(1 - sigmoid(l_i)) ]
 *               = sum_i [ max(l_i, 0) - l_i x_i + log(1 + exp(-|l_i|)) ]
 * </pre>
 * computed in the second, overflow-free form ({@link VaeOps#bernoulliNll}; ND4J's
 * {@code sigmoidCrossEntropy} is avoided because its gradient ignores the upstream gradient). Targets may
 * be any value in [0, 1] (continuous Bernoulli without its normaliser, as is common for grey-scale MNIST).
 * The mean of p(x|z), used for pictures, is {@code sigmoid(l)}. Both come from
 * {@link PixelLikelihood#BERNOULLI}, which the denoising and occlusion-weighted terms share.
 *
 * <p>Reference: D. P. Kingma and M. Welling, <i>Auto-Encoding Variational Bayes</i>, ICLR 2014
 * (Appendix C.1, Bernoulli MLP decoder).
 *
 * <table>
 *   <caption>Spec fields ({@code "type": "bernoulli-reconstruction"})</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code weight}</td><td>1.0</td><td>Multiplier of this term in the training objective; &ge; 0.</td></tr>
 * </table>
 */
public final class BernoulliReconstruction implements ReconstructionTerm {

    private final BernoulliReconstructionSpec spec;

    /** @param spec the validated spec */
    public BernoulliReconstruction(BernoulliReconstructionSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /** @return the spec this term was built from */
    public BernoulliReconstructionSpec spec() {
        return spec;
    }

    /** @return {@code "recon"} */
    @Override
    public String name() {
        return "recon";
    }

    /** @return the Bernoulli negative log-likelihood of {@code target} under logits {@code decoderOutput}, {@code [batch]} */
    @Override
    public SDVariable negLogLikelihood(GraphContext g, SDVariable target, SDVariable decoderOutput) {
        return PixelLikelihood.BERNOULLI.negLogLikelihood(g, target, decoderOutput, 1.0);     // sigma is unused
    }

    /** @return {@code sigmoid(decoderOutput)}, the per-pixel probabilities */
    @Override
    public SDVariable mean(GraphContext g, SDVariable decoderOutput) {
        return PixelLikelihood.BERNOULLI.mean(g, decoderOutput);
    }
}
