package org.vaelab.losses.occlusion;

import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.UserInputException;
import org.vaelab.api.loss.ForwardPass;
import org.vaelab.api.loss.ReconstructionTerm;
import org.vaelab.api.model.GraphContext;
import org.vaelab.losses.recon.PixelLikelihood;

/**
 * Occlusion-weighted reconstruction term: with a corruption that hides pixels from the encoder and reports
 * them in a mask {@code m} (1 = hidden, 0 = visible), the negative log-likelihood of the <b>clean</b> target
 * {@code x} is weighted per pixel, so that filling in what was hidden can count more (or less) than copying
 * what was seen,
 * <pre>
 *   R(x, c) = sum_p [ lambdaHidden * m_p + lambdaVisible * (1 - m_p) ] * nll_p(x_p | decoder output)
 * </pre>
 * where {@code c} is the corrupted input the encoder saw and {@code nll_p} the per-pixel negative
 * log-likelihood of the chosen {@link PixelLikelihood} (Bernoulli on logits, or Gaussian with fixed
 * {@code sigma}, constant included). With {@code lambdaHidden = lambdaVisible = 1} it is the plain
 * reconstruction negative log-likelihood; with {@code lambdaVisible = 0} only hidden pixels are trained
 * (their gradient is {@code lambdaHidden} times the plain one, the visible pixels' gradient is zero).
 * {@link #perExample} returns R; {@link #negLogLikelihood} stays the plain, unweighted sum
 * {@code sum_p nll_p}, so the negative ELBO the runner reports is still a true bound. Unequal lambdas make
 * the training objective a weighted likelihood rather than an ELBO.
 *
 * <p>Reference: the weighting is the "emphasised denoising" criterion of P. Vincent, H. Larochelle,
 * I. Lajoie, Y. Bengio and P.-A. Manzagol, <i>Stacked Denoising Autoencoders: Learning Useful Representations
 * in a Deep Network with a Local Denoising Criterion</i>, JMLR 11, 2010 (weights alpha on corrupted and
 * beta on uncorrupted components), applied to the VAE reconstruction likelihood.
 *
 * <table>
 *   <caption>Spec fields ({@code "type": "occlusion-weighted-reconstruction"})</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code weight}</td><td>1.0</td><td>Multiplier of this term in the training objective; &ge; 0.</td></tr>
 *   <tr><td>{@code likelihood}</td><td>{@code bernoulli}</td><td>Per-pixel likelihood: {@code bernoulli} (the
 *       decoder outputs logits) or {@code gaussian} (the decoder outputs means).</td></tr>
 *   <tr><td>{@code sigma}</td><td>1.0</td><td>Fixed standard deviation of the {@code gaussian} likelihood of
 *       each pixel, in data units; &gt; 0. Unused by {@code bernoulli}.</td></tr>
 *   <tr><td>{@code lambdaHidden}</td><td>1.0</td><td>Weight of the hidden pixels (mask 1); &ge; 0.</td></tr>
 *   <tr><td>{@code lambdaVisible}</td><td>1.0</td><td>Weight of the visible pixels (mask 0); &ge; 0. 0 trains
 *       on the hidden pixels only.</td></tr>
 * </table>
 */
public final class OcclusionWeightedReconstruction implements ReconstructionTerm {

    private final OcclusionWeightedSpec spec;

    /** @param spec the validated spec */
    public OcclusionWeightedReconstruction(OcclusionWeightedSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /** @return the spec this term was built from */
    public OcclusionWeightedSpec spec() {
        return spec;
    }

    /** @return {@code "occlusion"} */
    @Override
    public String name() {
        return "occlusion";
    }

    /**
     * @return R, the per-pixel negative log-likelihood of the clean target weighted by {@code lambdaHidden}
     *     where the mask is 1 and {@code lambdaVisible} where it is 0, summed over pixels, {@code [batch]}
     * @throws UserInputException if the configured corruption yields no mask (or none is configured)
     */
    @Override
    public SDVariable perExample(GraphContext g, ForwardPass fp) {
        SDVariable mask = fp.maskIfPresent().orElseThrow(() -> new UserInputException("losses: the "
                + OcclusionWeightedSpec.TYPE + " term weights hidden and visible pixels differently, so it needs a"
                + " `corruption` section in the config whose type yields a mask of the hidden pixels: block-occlusion,"
                + " random-erasing or salt-and-pepper ("
                + (fp.input() == fp.target() ? "no corruption is configured" : "the configured corruption yields no mask")
                + ")"));
        SDVariable nll = spec.likelihood().negLogLikelihoodPerPixel(g, fp.target(), fp.decoderOutput(), spec.sigma());
        // written as in the formula, so a 0/1 mask gives each pixel exactly lambdaHidden or lambdaVisible
        SDVariable weights = mask.mul(spec.lambdaHidden()).add(mask.rsub(1.0).mul(spec.lambdaVisible()));
        return nll.mul(weights).sum(1);
    }

    /** @return the plain, unweighted -log p(target | decoderOutput), summed over pixels, {@code [batch]} */
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
