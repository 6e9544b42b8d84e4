package org.vaelab.metrics.disentanglement;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.vaelab.api.metric.MetricSpec;

/**
 * Config of {@link Dci}, type {@value #TYPE}; sample sizes are disentanglement_lib's. Omitted (null) fields take
 * their defaults.
 *
 * @param numTrain sampled factor combinations the trees are trained on; default {@value #DEFAULT_NUM_TRAIN}
 * @param numTest sampled combinations the informativeness is measured on; default {@value #DEFAULT_NUM_TEST}
 * @param numTrees trees per factor's forest; default {@value #DEFAULT_NUM_TREES}
 * @param maxDepth the trees' maximum depth; default {@value #DEFAULT_MAX_DEPTH}
 * @param featureFraction fraction of the latent dimensions each split may choose from; default
 *     {@value #DEFAULT_FEATURE_FRACTION}
 */
public record DciSpec(
        @Min(2)
        @JsonPropertyDescription("Factor combinations sampled, rendered and encoded to train the trees"
                + " (disentanglement_lib: 10000).")
        Integer numTrain,
        @Min(1)
        @JsonPropertyDescription("Factor combinations sampled to measure the informativeness (test accuracy)"
                + " (disentanglement_lib: 5000).")
        Integer numTest,
        @Min(1)
        @JsonPropertyDescription("Trees in each factor's ensemble (bagged CART trees, Tribuo).")
        Integer numTrees,
        @Min(1)
        @JsonPropertyDescription("Maximum depth of each tree.")
        Integer maxDepth,
        @DecimalMin(value = "0.0", inclusive = false)
        @DecimalMax("1.0")
        @JsonPropertyDescription("Fraction of the latent dimensions each split may choose from: 1.0 bags trees over"
                + " all dimensions; below 1 makes a random forest.")
        Double featureFraction) implements MetricSpec {

    /** The config type name. */
    public static final String TYPE = "dci";

    /** Default of {@link #numTrain()}. */
    public static final int DEFAULT_NUM_TRAIN = 10000;

    /** Default of {@link #numTest()}. */
    public static final int DEFAULT_NUM_TEST = 5000;

    /** Default of {@link #numTrees()}. */
    public static final int DEFAULT_NUM_TREES = 20;

    /** Default of {@link #maxDepth()}. */
    public static final int DEFAULT_MAX_DEPTH = 10;

    /** Default of {@link #featureFraction()}. */
    public static final double DEFAULT_FEATURE_FRACTION = 1.0;

    /**
     * Fills in defaults.
     *
     * @param numTrain training samples, or null for {@value #DEFAULT_NUM_TRAIN}
     * @param numTest test samples, or null for {@value #DEFAULT_NUM_TEST}
     * @param numTrees trees per factor, or null for {@value #DEFAULT_NUM_TREES}
     * @param maxDepth tree depth, or null for {@value #DEFAULT_MAX_DEPTH}
     * @param featureFraction split feature fraction, or null for {@value #DEFAULT_FEATURE_FRACTION}
     */
    public DciSpec {
        numTrain = numTrain == null ? DEFAULT_NUM_TRAIN : numTrain;
        numTest = numTest == null ? DEFAULT_NUM_TEST : numTest;
        numTrees = numTrees == null ? DEFAULT_NUM_TREES : numTrees;
        maxDepth = maxDepth == null ? DEFAULT_MAX_DEPTH : maxDepth;
        featureFraction = featureFraction == null ? DEFAULT_FEATURE_FRACTION : featureFraction;
    }

    /** @return the spec with every field at its default */
    public static DciSpec defaults() {
        return new DciSpec(null, null, null, null, null);
    }
}
