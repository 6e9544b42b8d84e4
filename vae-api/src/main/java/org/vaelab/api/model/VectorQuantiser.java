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
}
