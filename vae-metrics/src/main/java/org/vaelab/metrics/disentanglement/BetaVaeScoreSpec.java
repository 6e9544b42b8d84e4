package org.vaelab.metrics.disentanglement;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.vaelab.api.metric.MetricSpec;

/**
 * Config of {@link BetaVaeScore}, type {@value #TYPE}; defaults are disentanglement_lib's. Omitted (null) fields
 * take their defaults.
 *
 * @param batchSize pairs of images averaged into one training point; default {@value #DEFAULT_BATCH_SIZE}
 * @param numTrain training points of the classifier; default {@value #DEFAULT_NUM_TRAIN}
 * @param numEval evaluation points; default {@value #DEFAULT_NUM_EVAL}
 * @param epochs passes of the logistic regression's SGD; default {@value #DEFAULT_EPOCHS}
 */
public record BetaVaeScoreSpec(
        @Min(1)
        @JsonPropertyDescription("Pairs of images (sharing one factor's value) whose mean absolute difference of"
                + " posterior means makes one point (disentanglement_lib: 64).")
        Integer batchSize,
        @Min(2)
        @JsonPropertyDescription("Points the classifier is trained on (disentanglement_lib: 10000).")
        Integer numTrain,
        @Min(1)
        @JsonPropertyDescription("Points the classifier is evaluated on (disentanglement_lib: 5000).")
        Integer numEval,
        @Positive
        @JsonPropertyDescription("Passes of the logistic regression's SGD (AdaGrad) over the training points.")
        Integer epochs) implements MetricSpec {

    /** The config type name. */
    public static final String TYPE = "beta-vae-score";

    /** Default of {@link #batchSize()}. */
    public static final int DEFAULT_BATCH_SIZE = 64;

    /** Default of {@link #numTrain()}. */
    public static final int DEFAULT_NUM_TRAIN = 10000;

    /** Default of {@link #numEval()}. */
    public static final int DEFAULT_NUM_EVAL = 5000;

    /** Default of {@link #epochs()}. */
    public static final int DEFAULT_EPOCHS = 20;

    /**
     * Fills in defaults.
     *
     * @param batchSize pairs per point, or null for {@value #DEFAULT_BATCH_SIZE}
     * @param numTrain training points, or null for {@value #DEFAULT_NUM_TRAIN}
     * @param numEval evaluation points, or null for {@value #DEFAULT_NUM_EVAL}
     * @param epochs SGD passes, or null for {@value #DEFAULT_EPOCHS}
     */
    public BetaVaeScoreSpec {
        batchSize = batchSize == null ? DEFAULT_BATCH_SIZE : batchSize;
        numTrain = numTrain == null ? DEFAULT_NUM_TRAIN : numTrain;
        numEval = numEval == null ? DEFAULT_NUM_EVAL : numEval;
        epochs = epochs == null ? DEFAULT_EPOCHS : epochs;
    }

    /** @return the spec with every field at its default */
    public static BetaVaeScoreSpec defaults() {
        return new BetaVaeScoreSpec(null, null, null, null);
    }
}
