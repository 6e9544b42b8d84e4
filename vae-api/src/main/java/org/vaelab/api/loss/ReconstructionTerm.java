package org.vaelab.api.loss;

import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.model.GraphContext;

/**
 * A loss term that is a likelihood p(x|z): its raw value is the negative log-likelihood of the clean
 * target. The runner uses the first one in a config for the negative ELBO, importance-weighted
 * estimates and the pictures.
 */
public interface ReconstructionTerm extends LossTerm {

    /**
     * -log p(target | decoder output), summed over pixels.
     *
     * @param g the graph context
     * @param target values to score, {@code [batch, C*H*W]}
     * @param decoderOutput the decoder output, {@code [batch, C*H*W]}
     * @return per example, {@code [batch]}
     */
    SDVariable negLogLikelihood(GraphContext g, SDVariable target, SDVariable decoderOutput);

    /**
     * The mean of p(x|z), used to draw reconstructions and samples.
     *
     * @param g the graph context
     * @param decoderOutput the decoder output
     * @return the mean, {@code [batch, C*H*W]}
     */
    SDVariable mean(GraphContext g, SDVariable decoderOutput);

    /**
     * How many values per pixel the likelihood reads from the decoder output: 1 (the default), or more for one
     * whose other parameters the decoder predicts (a per-pixel scale). The decoder then emits that many blocks of
     * {@code C*H*W} columns, the first block the one {@link #mean} and a one-value likelihood would read; only
     * decoders that say so ({@link org.vaelab.api.model.Decoder#supportsOutputsPerPixel}) can serve it.
     *
     * @return values per pixel, at least 1
     */
    default int outputsPerPixel() {
        return 1;
    }

    /** Scores the clean target. */
    @Override
    default SDVariable perExample(GraphContext g, ForwardPass fp) {
        return negLogLikelihood(g, fp.target(), fp.decoderOutput());
    }

    /** @return {@link ElboPart#RECONSTRUCTION} */
    @Override
    default ElboPart elboPart() {
        return ElboPart.RECONSTRUCTION;
    }
}
