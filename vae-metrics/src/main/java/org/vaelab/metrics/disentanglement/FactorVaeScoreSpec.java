package org.vaelab.metrics.disentanglement;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;
import org.vaelab.api.metric.MetricSpec;

/**
 * Config of {@link FactorVaeScore}, type {@value #TYPE}; defaults are disentanglement_lib's. Omitted (null) fields
 * take their defaults.
 *
 * @param batchSize images per vote, all sharing one factor's value; default {@value #DEFAULT_BATCH_SIZE}
 * @param numTrain votes that build the majority-vote classifier; default {@value #DEFAULT_NUM_TRAIN}
 * @param numEval votes it is evaluated on; default {@value #DEFAULT_NUM_EVAL}
 * @param numVarianceEstimate images whose posterior means give each dimension's global variance; default
 *     {@value #DEFAULT_NUM_VARIANCE_ESTIMATE}
 * @param pruneThreshold dimensions whose global standard deviation is below this are dropped; default
 *     {@value #DEFAULT_PRUNE_THRESHOLD}
 */
public record FactorVaeScoreSpec(
        @Min(2)
        @JsonPropertyDescription("Images per vote, all sharing the value of one randomly chosen factor"
                + " (disentanglement_lib: 64).")
        Integer batchSize,
        @Min(1)
        @JsonPropertyDescription("Votes that build the majority-vote classifier (disentanglement_lib: 10000).")
        Integer numTrain,
        @Min(1)
        @JsonPropertyDescription("Votes the classifier is evaluated on (disentanglement_lib: 5000).")
        Integer numEval,
        @Min(2)
        @JsonPropertyDescription("Images whose posterior means give each latent dimension's global variance"
                + " (disentanglement_lib: 10000).")
        Integer numVarianceEstimate,
        @PositiveOrZero
        @JsonPropertyDescription("Latent dimensions whose global standard deviation is below this are dropped"
                + " (disentanglement_lib: 0, so only dimensions with zero variance are dropped here).")
        Double pruneThreshold) implements MetricSpec {

    /** The config type name. */
    public static final String TYPE = "factor-vae-score";

    /** Default of {@link #batchSize()}. */
    public static final int DEFAULT_BATCH_SIZE = 64;

    /** Default of {@link #numTrain()}. */
    public static final int DEFAULT_NUM_TRAIN = 10000;

    /** Default of {@link #numEval()}. */
    public static final int DEFAULT_NUM_EVAL = 5000;

    /** Default of {@link #numVarianceEstimate()}. */
    public static final int DEFAULT_NUM_VARIANCE_ESTIMATE = 10000;

    /** Default of {@link #pruneThreshold()}. */
    public static final double DEFAULT_PRUNE_THRESHOLD = 0.0;

    /**
     * Fills in defaults.
     *
     * @param batchSize images per vote, or null for {@value #DEFAULT_BATCH_SIZE}
     * @param numTrain training votes, or null for {@value #DEFAULT_NUM_TRAIN}
     * @param numEval evaluation votes, or null for {@value #DEFAULT_NUM_EVAL}
     * @param numVarianceEstimate images for the global variance, or null for {@value #DEFAULT_NUM_VARIANCE_ESTIMATE}
     * @param pruneThreshold standard deviation threshold, or null for {@value #DEFAULT_PRUNE_THRESHOLD}
     */
    public FactorVaeScoreSpec {
        batchSize = batchSize == null ? DEFAULT_BATCH_SIZE : batchSize;
        numTrain = numTrain == null ? DEFAULT_NUM_TRAIN : numTrain;
        numEval = numEval == null ? DEFAULT_NUM_EVAL : numEval;
        numVarianceEstimate = numVarianceEstimate == null ? DEFAULT_NUM_VARIANCE_ESTIMATE : numVarianceEstimate;
        pruneThreshold = pruneThreshold == null ? DEFAULT_PRUNE_THRESHOLD : pruneThreshold;
    }

    /** @return the spec with every field at its default */
    public static FactorVaeScoreSpec defaults() {
        return new FactorVaeScoreSpec(null, null, null, null, null);
    }
}
