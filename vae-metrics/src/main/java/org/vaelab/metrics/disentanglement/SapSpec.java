package org.vaelab.metrics.disentanglement;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.vaelab.api.metric.MetricSpec;

/**
 * Config of {@link Sap}, type {@value #TYPE}; sample sizes are disentanglement_lib's. Omitted (null) fields take
 * their defaults.
 *
 * @param numTrain sampled factor combinations the classifiers are trained on; default {@value #DEFAULT_NUM_TRAIN}
 * @param numTest sampled combinations they are scored on; default {@value #DEFAULT_NUM_TEST}
 * @param epochs passes of each linear SVM's SGD; default {@value #DEFAULT_EPOCHS}
 */
public record SapSpec(
        @Min(2)
        @JsonPropertyDescription("Factor combinations sampled, rendered and encoded to train the per-dimension"
                + " classifiers (disentanglement_lib: 10000).")
        Integer numTrain,
        @Min(1)
        @JsonPropertyDescription("Factor combinations sampled to score them (disentanglement_lib: 5000).")
        Integer numTest,
        @Positive
        @JsonPropertyDescription("Passes of each linear SVM's SGD (AdaGrad) over the training points.")
        Integer epochs) implements MetricSpec {

    /** The config type name. */
    public static final String TYPE = "sap";

    /** Default of {@link #numTrain()}. */
    public static final int DEFAULT_NUM_TRAIN = 10000;

    /** Default of {@link #numTest()}. */
    public static final int DEFAULT_NUM_TEST = 5000;

    /** Default of {@link #epochs()}. */
    public static final int DEFAULT_EPOCHS = 10;

    /**
     * Fills in defaults.
     *
     * @param numTrain training samples, or null for {@value #DEFAULT_NUM_TRAIN}
     * @param numTest test samples, or null for {@value #DEFAULT_NUM_TEST}
     * @param epochs SGD passes, or null for {@value #DEFAULT_EPOCHS}
     */
    public SapSpec {
        numTrain = numTrain == null ? DEFAULT_NUM_TRAIN : numTrain;
        numTest = numTest == null ? DEFAULT_NUM_TEST : numTest;
        epochs = epochs == null ? DEFAULT_EPOCHS : epochs;
    }

    /** @return the spec with every field at its default */
    public static SapSpec defaults() {
        return new SapSpec(null, null, null);
    }
}
