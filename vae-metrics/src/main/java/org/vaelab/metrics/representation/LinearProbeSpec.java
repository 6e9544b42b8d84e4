package org.vaelab.metrics.representation;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.vaelab.api.metric.MetricSpec;

/**
 * Config of {@link LinearProbe}, type {@value #TYPE}. Omitted (null) fields take their defaults.
 *
 * @param epochs passes of SGD over the training means; default {@value #DEFAULT_EPOCHS}
 * @param maxTrain at most this many training images (the first ones), 0 for all; default {@value #DEFAULT_MAX_TRAIN}
 */
public record LinearProbeSpec(
        @Positive
        @JsonPropertyDescription("Passes of the logistic regression's SGD (AdaGrad) over the training split's posterior"
                + " means.")
        Integer epochs,
        @PositiveOrZero
        @JsonPropertyDescription("Train the probe on at most this many training images (the first ones); 0 for all.")
        Integer maxTrain) implements MetricSpec {

    /** The config type name. */
    public static final String TYPE = "linear-probe";

    /** Default of {@link #epochs()}. */
    public static final int DEFAULT_EPOCHS = 20;

    /** Default of {@link #maxTrain()}. */
    public static final int DEFAULT_MAX_TRAIN = 0;

    /**
     * Fills in defaults.
     *
     * @param epochs SGD passes, or null for {@value #DEFAULT_EPOCHS}
     * @param maxTrain training images cap, or null for {@value #DEFAULT_MAX_TRAIN}
     */
    public LinearProbeSpec {
        epochs = epochs == null ? DEFAULT_EPOCHS : epochs;
        maxTrain = maxTrain == null ? DEFAULT_MAX_TRAIN : maxTrain;
    }

    /** @return the spec with every field at its default */
    public static LinearProbeSpec defaults() {
        return new LinearProbeSpec(null, null);
    }
}
