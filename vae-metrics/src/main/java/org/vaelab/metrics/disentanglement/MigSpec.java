package org.vaelab.metrics.disentanglement;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Min;
import org.vaelab.api.metric.MetricSpec;

/**
 * Config of {@link Mig}, type {@value #TYPE}; defaults are disentanglement_lib's. Omitted (null) fields take their
 * defaults.
 *
 * @param numTrain sampled factor combinations whose images are encoded; default {@value #DEFAULT_NUM_TRAIN}
 * @param numBins equal-width histogram bins each posterior mean is discretised into; default {@value #DEFAULT_NUM_BINS}
 */
public record MigSpec(
        @Min(2)
        @JsonPropertyDescription("Factor combinations sampled, rendered and encoded (disentanglement_lib: 10000).")
        Integer numTrain,
        @Min(2)
        @JsonPropertyDescription("Equal-width histogram bins each latent dimension's posterior mean is discretised into"
                + " before the mutual information is counted (disentanglement_lib: 20).")
        Integer numBins) implements MetricSpec {

    /** The config type name. */
    public static final String TYPE = "mig";

    /** Default of {@link #numTrain()}. */
    public static final int DEFAULT_NUM_TRAIN = 10000;

    /** Default of {@link #numBins()}. */
    public static final int DEFAULT_NUM_BINS = 20;

    /**
     * Fills in defaults.
     *
     * @param numTrain samples, or null for {@value #DEFAULT_NUM_TRAIN}
     * @param numBins bins, or null for {@value #DEFAULT_NUM_BINS}
     */
    public MigSpec {
        numTrain = numTrain == null ? DEFAULT_NUM_TRAIN : numTrain;
        numBins = numBins == null ? DEFAULT_NUM_BINS : numBins;
    }

    /** @return the spec with every field at its default */
    public static MigSpec defaults() {
        return new MigSpec(null, null);
    }
}
