package org.vaelab.metrics.representation;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.PositiveOrZero;
import org.vaelab.api.metric.MetricSpec;

/**
 * Config of {@link ActiveUnits}, type {@value #TYPE}. Omitted (null) fields take their defaults.
 *
 * @param threshold a latent dimension is active when the variance of its posterior mean over the test images
 *     exceeds this; default {@value #DEFAULT_THRESHOLD}
 */
public record ActiveUnitsSpec(
        @PositiveOrZero
        @JsonPropertyDescription("A latent dimension is active when the variance of its posterior mean over the test"
                + " images exceeds this (Burda et al. 2015 use 0.01).")
        Double threshold) implements MetricSpec {

    /** The config type name. */
    public static final String TYPE = "active-units";

    /** Default of {@link #threshold()}. */
    public static final double DEFAULT_THRESHOLD = 0.01;

    /**
     * Fills in defaults.
     *
     * @param threshold the variance threshold, or null for {@value #DEFAULT_THRESHOLD}
     */
    public ActiveUnitsSpec {
        threshold = threshold == null ? DEFAULT_THRESHOLD : threshold;
    }

    /** @return the spec with every field at its default */
    public static ActiveUnitsSpec defaults() {
        return new ActiveUnitsSpec(null);
    }
}
