package org.vaelab.api.model;

import org.nd4j.autodiff.samediff.SDVariable;

/** The inference network q(z|x): maps an input batch to the parameters of a diagonal Gaussian. */
public interface Encoder {

    /**
     * Adds the encoder's ops to the graph. Called once per graph, inside the {@code encoder/} name scope.
     *
     * @param g the graph context: the SameDiff instance, shapes, and a seeded parameter factory
     * @param input the (possibly corrupted) input batch, {@code [batch, C*H*W]}
     * @return the posterior parameters, each {@code [batch, latentDim]}
     */
    Posterior encode(GraphContext g, SDVariable input);
}
