package org.vaelab.api.model;

import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The posterior q(z|x) an encoder produces: two parameter arrays and the family that reads them. With the
 * two-argument constructor it is the diagonal Gaussian N(mean, diag(exp(logVar))); an encoder may name
 * another {@link PosteriorFamily}, which then decides what {@code mean} and {@code logVar} mean (the
 * framework still logs them as {@code q/mean} and {@code q/logVar}, and the representation metrics read
 * {@code mean} as the code).
 *
 * @param mean the means (or the family's location parameter), {@code [batch, latentDim]}
 * @param logVar the log-variances (or the family's log-scale parameter), {@code [batch, latentDim]}
 * @param family how to sample z and score log q(z|x)
 */
public record Posterior(SDVariable mean, SDVariable logVar, PosteriorFamily family) {
    /**
     * Rejects null parts.
     *
     * @param mean the means
     * @param logVar the log-variances
     * @param family the family
     */
    public Posterior {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(logVar, "logVar");
        Objects.requireNonNull(family, "family");
    }

    /**
     * A diagonal Gaussian posterior.
     *
     * @param mean the means
     * @param logVar the log-variances
     */
    public Posterior(SDVariable mean, SDVariable logVar) {
        this(mean, logVar, PosteriorFamily.DIAGONAL_GAUSSIAN);
    }

    /** @return whether this is the diagonal Gaussian, for which priors' closed-form KLs hold */
    public boolean isDiagonalGaussian() {
        return family == PosteriorFamily.DIAGONAL_GAUSSIAN;
    }

    /**
     * @param g the graph context
     * @param eps standard normal noise, {@code [batch, latentDim]}
     * @return a reparameterised draw of z
     */
    public SDVariable sample(GraphContext g, SDVariable eps) {
        return family.sample(g, this, eps);
    }

    /**
     * @param g the graph context
     * @param z points, {@code [batch, latentDim]}
     * @return log q(z|x) per example, {@code [batch]}
     */
    public SDVariable logDensity(GraphContext g, SDVariable z) {
        return family.logDensity(g, this, z);
    }
}
