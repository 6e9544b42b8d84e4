package org.vaelab.losses.denoising;

import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.UserInputException;
import org.vaelab.api.loss.ForwardPass;
import org.vaelab.api.loss.ReconstructionTerm;
import org.vaelab.api.model.GraphContext;
import org.vaelab.losses.recon.PixelLikelihood;

/**
 * Denoising reconstruction term: the encoder sees a corrupted input {@code x~ ~ c(x~|x)} (the config's
 * {@code corruption}), and the term is the negative log-likelihood of the <b>clean</b> target {@code x}
 * given the decoder output at {@code z ~ q(z|x~)}, summed over the {@code D} pixels,
 * <pre>
 *   R(x, x~) = -log p(x | z) = sum_i nll_i(x_i | decoder(z)),   z = mean(x~) + exp(logVar(x~)/2) eps
 * </pre>
 * with {@code nll_i} the per-pixel negative log-likelihood of the chosen {@link PixelLikelihood}
 * (Bernoulli on logits, or Gaussian with fixed {@code sigma}, constant included). Together with
 * {@code beta-kl}, which scores the posterior of the same corrupted input, the objective is a single-sample
 * estimate of the denoising variational lower bound: one corruption and one z per example and step. The
 * mean of p(x|z), used for pictures, is {@code sigmoid} of the logits (Bernoulli) or the decoder output
 * itself (Gaussian). The term refuses to run without a corruption: it would then be the plain
 * reconstruction term.
 *
 * <p>Reference: D. J. Im, S. Ahn, R. Memisevic and Y. Bengio, <i>Denoising Criterion for Variational
 * Auto-Encoding Framework</i>, AAAI 2017 (arXiv:1511.06406).
 *
 * <table>
 *   <caption>Spec fields ({@code "type": "denoising"})</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code weight}</td><td>1.0</td><td>Multiplier of this term in the training objective; &ge; 0.</td></tr>
 *   <tr><td>{@code likelihood}</td><td>{@code bernoulli}</td><td>Per-pixel likelihood: {@code bernoulli} (the
 *       decoder outputs logits) or {@code gaussian} (the decoder outputs means).</td></tr>
 *   <tr><td>{@code sigma}</td><td>1.0</td><td>Fixed standard deviation of the {@code gaussian} likelihood of
 *       each pixel, in data units; &gt; 0. Unused by {@code bernoulli}.</td></tr>
 * </table>
 */
public final class DenoisingReconstruction implements ReconstructionTerm {

    private final DenoisingSpec spec;

    /** @param spec the validated spec */
    public DenoisingReconstruction(DenoisingSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /** @return the spec this term was built from */
    public DenoisingSpec spec() {
        return spec;
    }

    /** @return {@code "denoise"} */
    @Override
    public String name() {
        return "denoise";
    }

    /**
     * @return the negative log-likelihood of the clean target given the decoder output, whose z came from
     *     the corrupted input, {@code [batch]}
     * @throws UserInputException if no corruption is configured (the encoder's input is the target itself)
     */
    @Override
    public SDVariable perExample(GraphContext g, ForwardPass fp) {
        if (fp.input() == fp.target()) {
            throw new UserInputException("losses: the " + DenoisingSpec.TYPE + " term scores the clean image while the"
                    + " encoder sees a corrupted one, so it needs a `corruption` section in the config, for example"
                    + " {type: gaussian-noise} or {type: salt-and-pepper}; without a corruption use "
                    + "bernoulli-reconstruction or gaussian-reconstruction instead");
        }
        return negLogLikelihood(g, fp.target(), fp.decoderOutput());
    }

    /** @return -log p(target | decoderOutput) under the spec's likelihood, summed over pixels, {@code [batch]} */
    @Override
    public SDVariable negLogLikelihood(GraphContext g, SDVariable target, SDVariable decoderOutput) {
        return spec.likelihood().negLogLikelihood(g, target, decoderOutput, spec.sigma());
    }

    /** @return {@code sigmoid(decoderOutput)} for Bernoulli, {@code decoderOutput} itself for Gaussian */
    @Override
    public SDVariable mean(GraphContext g, SDVariable decoderOutput) {
        return spec.likelihood().mean(g, decoderOutput);
    }
}
