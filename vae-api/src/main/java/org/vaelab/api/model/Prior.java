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
     * KL(q || p) per example in closed form, when this prior has one for a diagonal Gaussian q (callers ask
     * only for a diagonal Gaussian q; {@link #kl} falls back to a Monte Carlo estimate when this is empty).
     *
     * @param g the graph context
     * @param q the posterior
     * @return the KL divergence per example, {@code [batch]}, or empty
     */
    default Optional<SDVariable> analyticKl(GraphContext g, Posterior q) {
        return Optional.empty();
    }

    /**
     * KL(q || p) per example as the objective should see it: the closed form ({@link #analyticKl}) when q is
     * a diagonal Gaussian and this prior has one, else the single-sample Monte Carlo estimate
     * {@code log q(z|x) - log p(z)} at the reparameterised draw z (unbiased, and differentiable in the
     * encoder's and the prior's parameters).
     *
     * @param g the graph context
     * @param q the posterior
     * @param z a reparameterised draw from q, {@code [batch, latentDim]}
     * @return the KL divergence per example, {@code [batch]}
     */
    default SDVariable kl(GraphContext g, Posterior q, SDVariable z) {
        Optional<SDVariable> closed = q.isDiagonalGaussian() ? analyticKl(g, q) : Optional.empty();
        return closed.orElseGet(() -> q.logDensity(g, z).sub(logProb(g, z)));
    }

    /**
     * Draws one latent code per example inside the graph, differentiable in the prior's parameters, from
     * seeded noise the prior asks the context for ({@link GraphContext#standardNormal}): for objectives
     * that compare the codes with prior samples (MMD, adversarial). Default: empty, this prior cannot.
     *
     * @param g the graph context
     * @return codes {@code [batch, latentDim]}, or empty
     */
    default Optional<SDVariable> sampleInGraph(GraphContext g) {
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
