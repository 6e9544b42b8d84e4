package org.vaelab.api.model;

import java.util.Optional;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The prior p(z) over latent codes.
 *
 * <p>The runner calls {@link #build} once, inside the {@code prior/} name scope, before any other
 * method; a learnable prior creates its parameters there and keeps the variables. Fixed parameters
 * must be constants ({@code sd.constant}), since SameDiff trains every variable.
 */
public interface Prior {

    /**
     * Creates the prior's parameters, if any. Default: none.
     *
     * @param g the graph context
     */
    default void build(GraphContext g) {}

    /**
     * Log-density of latent codes under the prior.
     *
     * @param g the graph context
     * @param z latent codes, {@code [batch, latentDim]}
     * @return log p(z) per example, {@code [batch]}
     */
    SDVariable logProb(GraphContext g, SDVariable z);

    /**
     * KL(q || p) per example in closed form, when this prior has one for a diagonal Gaussian q.
     * Loss terms fall back to a Monte Carlo estimate when this is empty.
     *
     * @param g the graph context
     * @param q the posterior
     * @return the KL divergence per example, {@code [batch]}, or empty
     */
    default Optional<SDVariable> analyticKl(GraphContext g, Posterior q) {
        return Optional.empty();
    }

    /**
     * Draws latent codes for generation, outside the graph (after training, parameters hold their
     * trained values).
     *
     * @param g the graph context of the trained model
     * @param n how many codes
     * @param rng the seeded source of randomness to use; nothing else may be used
     * @return codes, {@code [n, latentDim]}, in the graph's data type
     */
    INDArray sample(GraphContext g, int n, SplittableRandom rng);
}
