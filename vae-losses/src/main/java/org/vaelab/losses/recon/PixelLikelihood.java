package org.vaelab.losses.recon;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.ops.VaeOps;

/**
 * The per-pixel likelihood p(x_i|z) a reconstruction term reads the decoder output with, shared by every
 * term that scores pixels, so that they all agree on one definition. In JSON each is written in lower case:
 * {@code "bernoulli"} or {@code "gaussian"}.
 *
 * <table>
 *   <caption>Likelihoods</caption>
 *   <tr><th>Name</th><th>Decoder output</th><th>Per-pixel negative log-likelihood</th><th>Mean of p(x|z)</th></tr>
 *   <tr><td>{@code bernoulli}</td><td>logits {@code l}</td>
 *       <td>{@code max(l, 0) - l x + log(1 + exp(-|l|))} ({@link VaeOps#bernoulliNllPerPixel})</td>
 *       <td>{@code sigmoid(l)}</td></tr>
 *   <tr><td>{@code gaussian}</td><td>means {@code mu}</td>
 *       <td>{@code (x - mu)^2 / (2 sigma^2) + log sigma + log(2 pi) / 2} ({@link VaeOps#gaussianNllPerPixel})</td>
 *       <td>{@code mu}</td></tr>
 * </table>
 * The {@code sigma} argument of the methods is the Gaussian's fixed standard deviation; the Bernoulli
 * likelihood ignores it.
 */
public enum PixelLikelihood {

    /** Bernoulli on logits, as {@code bernoulli-reconstruction}. */
    @JsonProperty("bernoulli")
    BERNOULLI {
        @Override
        public SDVariable negLogLikelihoodPerPixel(GraphContext g, SDVariable target, SDVariable decoderOutput,
                double sigma) {
            return VaeOps.bernoulliNllPerPixel(g.sd(), target, decoderOutput);
        }

        @Override
        public SDVariable negLogLikelihood(GraphContext g, SDVariable target, SDVariable decoderOutput, double sigma) {
            return VaeOps.bernoulliNll(g.sd(), target, decoderOutput);
        }

        @Override
        public SDVariable mean(GraphContext g, SDVariable decoderOutput) {
            return g.sd().nn.sigmoid(decoderOutput);
        }
    },

    /** Gaussian with fixed standard deviation, constant included, as {@code gaussian-reconstruction}. */
    @JsonProperty("gaussian")
    GAUSSIAN {
        @Override
        public SDVariable negLogLikelihoodPerPixel(GraphContext g, SDVariable target, SDVariable decoderOutput,
                double sigma) {
            return VaeOps.gaussianNllPerPixel(g.sd(), target, decoderOutput, sigma);
        }

        @Override
        public SDVariable negLogLikelihood(GraphContext g, SDVariable target, SDVariable decoderOutput, double sigma) {
            return VaeOps.gaussianNll(g.sd(), target, decoderOutput, sigma, g.inputDim());
        }

        @Override
        public SDVariable mean(GraphContext g, SDVariable decoderOutput) {
            return decoderOutput;
        }
    };

    /**
     * -log p(x_i | decoder output) for every pixel, before any sum.
     *
     * @param g the graph context
     * @param target values to score, {@code [batch, C*H*W]}
     * @param decoderOutput the decoder output, {@code [batch, C*H*W]}
     * @param sigma the Gaussian's fixed standard deviation, positive; ignored by {@link #BERNOULLI}
     * @return {@code [batch, C*H*W]}
     */
    public abstract SDVariable negLogLikelihoodPerPixel(GraphContext g, SDVariable target, SDVariable decoderOutput,
            double sigma);

    /**
     * -log p(target | decoder output), summed over pixels; equal to the row sums of
     * {@link #negLogLikelihoodPerPixel} (the Gaussian adds its constant once, {@code D} times over).
     *
     * @param g the graph context; {@code D} is its {@link GraphContext#inputDim()}
     * @param target values to score, {@code [batch, C*H*W]}
     * @param decoderOutput the decoder output, {@code [batch, C*H*W]}
     * @param sigma the Gaussian's fixed standard deviation, positive; ignored by {@link #BERNOULLI}
     * @return per example, {@code [batch]}
     */
    public abstract SDVariable negLogLikelihood(GraphContext g, SDVariable target, SDVariable decoderOutput,
            double sigma);

    /**
     * The mean of p(x|z), used to draw reconstructions and samples.
     *
     * @param g the graph context
     * @param decoderOutput the decoder output
     * @return {@code sigmoid(decoderOutput)} for {@link #BERNOULLI}, {@code decoderOutput} itself for
     *     {@link #GAUSSIAN}
     */
    public abstract SDVariable mean(GraphContext g, SDVariable decoderOutput);

    /** @return the JSON name, {@code "bernoulli"} or {@code "gaussian"} */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
