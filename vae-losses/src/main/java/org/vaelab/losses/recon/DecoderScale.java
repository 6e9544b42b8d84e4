package org.vaelab.losses.recon;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.ops.VaeOps;

/**
 * A likelihood's scale predicted by the decoder ({@code sigma: decoder}, {@code scale: decoder}): the decoder emits
 * two blocks of {@code C*H*W} columns ({@link org.vaelab.api.loss.ReconstructionTerm#outputsPerPixel} 2), the
 * location, then the raw log-scale. The log-scale is {@code m + softplus(raw + log(initial) - m)} with floor
 * m = {@value #MIN_LOG_SCALE}: it starts near log(initial) for a raw output near 0, and cannot run to minus infinity
 * on pixels that are always the same (image borders), where the likelihood would grow without bound; sigma-VAE's
 * reference code clips its learned log sigma the same way (softclip at -6).
 */
public final class DecoderScale {

    /** The floor of the predicted log-scale. */
    public static final double MIN_LOG_SCALE = -6.0;

    private DecoderScale() {}

    /**
     * @param g the graph context
     * @param decoderOutput {@code [batch, 2*C*H*W]}
     * @return the location, {@code [batch, C*H*W]}
     */
    public static SDVariable location(GraphContext g, SDVariable decoderOutput) {
        return decoderOutput.get(SDIndex.all(), SDIndex.interval(0L, g.inputDim()));
    }

    /**
     * @param g the graph context
     * @param decoderOutput {@code [batch, 2*C*H*W]}
     * @param initial the scale a raw output of 0 gives (before the floor)
     * @return the log-scale, {@code [batch, C*H*W]}
     */
    public static SDVariable logScale(GraphContext g, SDVariable decoderOutput, double initial) {
        long d = g.inputDim();
        SDVariable raw = decoderOutput.get(SDIndex.all(), SDIndex.interval(d, 2 * d));
        return VaeOps.softplus(g.sd(), raw.add(Math.log(initial) - MIN_LOG_SCALE)).add(MIN_LOG_SCALE);
    }
}
