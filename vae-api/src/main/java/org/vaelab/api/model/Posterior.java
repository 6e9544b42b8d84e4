package org.vaelab.api.model;

import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A diagonal Gaussian posterior q(z|x) = N(mean, diag(exp(logVar))), as produced by an encoder.
 *
 * @param mean the means, {@code [batch, latentDim]}
 * @param logVar the log-variances, {@code [batch, latentDim]}
 */
public record Posterior(SDVariable mean, SDVariable logVar) {
    /**
     * Rejects null parts.
     *
     * @param mean the means
     * @param logVar the log-variances
     */
    public Posterior {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(logVar, "logVar");
    }
}
