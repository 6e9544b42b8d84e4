package org.vaelab.api.model;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A posterior family that maps the encoder's output to the nearest vector of a learned codebook (VQ-VAE, van
 * den Oord et al. 2017): z is the quantised code with the straight-through gradient to the encoder. Loss terms
 * that train the codebook and commit the encoder to it ask the posterior's family for this interface.
 */
public interface VectorQuantiser extends PosteriorFamily {

    /**
     * @param g the graph context
     * @param q the posterior, whose {@code mean} is the encoder's output z_e
     * @return the nearest codebook vectors z_q, {@code [batch, latentDim]}, differentiable in the codebook only
     */
    SDVariable quantised(GraphContext g, Posterior q);

    /**
     * The encoder's output as the codes are compared with it: the codebook and commitment losses measure the
     * distance from this to {@link #quantised}. The posterior mean by default; a quantiser that looks codes up
     * after a transformation (l2-normalised codes) returns the transformed output.
     *
     * @param g the graph context
     * @param q the posterior
     * @return z_e, {@code [batch, latentDim]}
     */
    default SDVariable encoderOutput(GraphContext g, Posterior q) {
        return q.mean();
    }

    /**
     * Which code each piece of the batch chose, for usage statistics (the codebook's perplexity).
     *
     * @param g the graph context
     * @param q the posterior
     * @return one-hot rows {@code [batch * pieces, K]}, no gradient; empty when the quantiser does not say (the default)
     */
    default java.util.Optional<SDVariable> assignments(GraphContext g, Posterior q) {
        return java.util.Optional.empty();
    }
}
