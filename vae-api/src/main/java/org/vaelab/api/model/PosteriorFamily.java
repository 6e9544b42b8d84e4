package org.vaelab.api.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.ops.VaeOps;

/**
 * How a {@link Posterior}'s two parameter arrays define q(z|x): how to draw a reparameterised z from them
 * and the log-density of a z. The encoder chooses the family when it builds its {@link Posterior}; the
 * default is the diagonal Gaussian. Another family (a bounded, heavy-tailed or quantised code) implements
 * this interface; the framework then draws z with {@link #sample} and estimates the KL by Monte Carlo,
 * {@code log q(z|x) - log p(z)}, since a prior's closed-form KL holds for the diagonal Gaussian only.
 */
public interface PosteriorFamily {

    /** The diagonal Gaussian N(mean, diag(exp(logVar))), with z = mean + exp(logVar / 2) eps. */
    PosteriorFamily DIAGONAL_GAUSSIAN = new PosteriorFamily() {
        @Override
        public SDVariable sample(GraphContext g, Posterior q, SDVariable eps) {
            return q.mean().add(g.sd().math.exp(q.logVar().mul(0.5)).mul(eps));
        }

        @Override
        public SDVariable logDensity(GraphContext g, Posterior q, SDVariable z) {
            return VaeOps.diagGaussianLogProb(g.sd(), z, q.mean(), q.logVar());
        }

        @Override
        public String toString() {
            return "diagonal-gaussian";
        }
    };

    /**
     * A reparameterised draw, differentiable in the posterior's parameters.
     *
     * @param g the graph context (for further seeded noise, {@link GraphContext#standardNormal})
     * @param q the posterior's parameters
     * @param eps standard normal noise, {@code [batch, latentDim]}, fed from the run's seeded stream
     * @return z, {@code [batch, latentDim]}
     */
    SDVariable sample(GraphContext g, Posterior q, SDVariable eps);

    /**
     * @param g the graph context
     * @param q the posterior's parameters
     * @param z points, {@code [batch, latentDim]}
     * @return log q(z|x) per example, {@code [batch]}
     */
    SDVariable logDensity(GraphContext g, Posterior q, SDVariable z);
}
