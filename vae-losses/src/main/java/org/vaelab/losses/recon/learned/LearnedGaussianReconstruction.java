package org.vaelab.losses.recon.learned;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vaelab.api.loss.LossSpec;
import org.vaelab.api.loss.ReconstructionTerm;
import org.vaelab.api.model.GraphContext;
import org.vaelab.losses.recon.DecoderScale;

/**
 * Gaussian likelihood whose standard deviation is learned with the model: one {@code log sigma} for every pixel
 * ({@code sigma: global}) or one per pixel ({@code sigma: per-pixel}),
 * <pre>
 *   -log p(x|z) = sum_i (x_i - mu_i)^2 exp(-2 s_i) / 2 + s_i + log(2 pi) / 2,   s = log sigma
 * </pre>
 * The fixed-sigma {@code gaussian-reconstruction} leaves the balance of reconstruction and KL to the user's
 * sigma; learning it finds the maximum-likelihood noise level (for a global sigma, the mean squared error),
 * which is what "sigma-VAE" (O. Rybkin et al., <i>Simple and Effective VAE Training with Calibrated Decoders</i>,
 * ICML 2021) recommends; D. P. Kingma and M. Welling, ICLR 2014, Appendix C.2 learn it per pixel. The parameter
 * With {@code sigma: decoder} the decoder predicts s for every pixel of every image ({@link DecoderScale}: two values
 * per pixel, s floored at -6), the heteroscedastic decoder of Kingma and Welling's Appendix C.2. The parameter
 * {@code log-sigma} (global, per-pixel) is created, in the scope of the first call, the first time the likelihood is scored in a
 * graph, and reused by every later call (the loss, the evaluation, K-sample objectives).
 */
public final class LearnedGaussianReconstruction implements ReconstructionTerm {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /** Which standard deviations are learned. */
    public enum Sigma {
        /** One sigma shared by every pixel. */
        @JsonProperty("global")
        GLOBAL,
        /** One sigma per pixel. */
        @JsonProperty("per-pixel")
        PER_PIXEL,
        /** Predicted by the decoder for every pixel of every image ({@link DecoderScale}). */
        @JsonProperty("decoder")
        DECODER;

        @Override
        public String toString() {
            return switch (this) {
                case GLOBAL -> "global";
                case PER_PIXEL -> "per-pixel";
                case DECODER -> "decoder";
            };
        }
    }

    /**
     * Config of {@link LearnedGaussianReconstruction}:
     * {@code {"type": "learned-gaussian-reconstruction", "sigma": "global", "initialSigma": 1.0}}.
     *
     * @param weight multiplier of this term; default 1
     * @param sigma global or per-pixel; default global
     * @param initialSigma the standard deviation training starts from; default 1
     */
    public record Spec(
            @JsonPropertyDescription("Multiplier of this term in the training objective (loss/total). Default 1.0.")
            @PositiveOrZero double weight,
            @JsonPropertyDescription("Which standard deviations are learned: one shared by all pixels (global), one"
                    + " per pixel (per-pixel), or predicted by the decoder for every pixel of every image (decoder: the"
                    + " mlp and conv decoders then emit two values per pixel, the mean and the log sigma, floored at"
                    + " -6). Default global.")
            @NotNull Sigma sigma,
            @JsonPropertyDescription("The standard deviation training starts from, in data units (decoder: the one a"
                    + " raw output of 0 gives). Default 1.0.")
            @Positive double initialSigma) implements LossSpec {

        /** The config type name. */
        public static final String TYPE = "learned-gaussian-reconstruction";

        /**
         * Binds JSON and fills in defaults.
         *
         * @param weight the weight or null
         * @param sigma global, per-pixel or null
         * @param initialSigma the initial sigma or null
         */
        @JsonCreator
        public Spec(@JsonProperty("weight") Double weight, @JsonProperty("sigma") Sigma sigma,
                @JsonProperty("initialSigma") Double initialSigma) {
            this(weight == null ? 1.0 : weight, sigma == null ? Sigma.GLOBAL : sigma,
                    initialSigma == null ? 1.0 : initialSigma);
        }
    }

    private final Spec spec;
    private final LogScaleParameter logSigma;

    /** @param spec the validated spec */
    public LearnedGaussianReconstruction(Spec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.logSigma = new LogScaleParameter("log-sigma", spec.sigma(), spec.initialSigma());
    }

    /** @return {@code "recon"} */
    @Override
    public String name() {
        return "recon";
    }

    /** @return 2 with {@code sigma: decoder} (the mean, then the log sigma), else 1 */
    @Override
    public int outputsPerPixel() {
        return spec.sigma() == Sigma.DECODER ? 2 : 1;
    }

    @Override
    public SDVariable negLogLikelihood(GraphContext g, SDVariable target, SDVariable decoderOutput) {
        SameDiff sd = g.sd();
        boolean predicted = spec.sigma() == Sigma.DECODER;
        SDVariable s = predicted ? DecoderScale.logScale(g, decoderOutput, spec.initialSigma()) : logSigma(g);
        decoderOutput = mean(g, decoderOutput);
        // multiply by exp(-2s) rather than divide by a parameter (SameDiff M2.1 differentiates some divisions by
        // broadcast parameters wrongly)
        SDVariable scaled = sd.math.square(target.sub(decoderOutput)).mul(sd.math.exp(s.mul(-2.0))).mul(0.5);
        return scaled.add(s).add(0.5 * LOG_2PI).sum(1);
    }

    /**
     * @param g the graph context
     * @return {@code log sigma}, {@code [1]} or {@code [D]}, created on the first call in this graph
     */
    public SDVariable logSigma(GraphContext g) {
        if (spec.sigma() == Sigma.DECODER) {
            throw new IllegalStateException("sigma: decoder has no log-sigma parameter: the decoder predicts it");
        }
        return logSigma.in(g);
    }

    /** @return the mean: {@code decoderOutput}, or its first block with {@code sigma: decoder} */
    @Override
    public SDVariable mean(GraphContext g, SDVariable decoderOutput) {
        return spec.sigma() == Sigma.DECODER ? DecoderScale.location(g, decoderOutput) : decoderOutput;
    }
}
