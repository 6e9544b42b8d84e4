package org.vaelab.data.corruption;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import org.vaelab.api.corruption.CorruptionSpec;

/**
 * Config of random erasing ({@code "type": "random-erasing"}; Zhong, Zheng, Kang, Li and Yang, 2020,
 * "Random Erasing Data Augmentation", AAAI), with the paper's defaults.
 *
 * <table>
 *   <caption>Fields</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code probability}</td><td>0.5</td><td>chance that an image is erased at all, in
 *       [0, 1]</td></tr>
 *   <tr><td>{@code minArea}</td><td>0.02</td><td>smallest erased area, as a fraction of the image, in
 *       (0, 1]</td></tr>
 *   <tr><td>{@code maxArea}</td><td>0.33</td><td>largest erased area, as a fraction of the image, in
 *       [minArea, 1]</td></tr>
 *   <tr><td>{@code minAspect}</td><td>0.3</td><td>the aspect ratio (height / width) is drawn log-uniformly
 *       from {@code [minAspect, 1 / minAspect]}; in (0, 1]</td></tr>
 * </table>
 *
 * @param probability chance that an image is erased; null means {@value #DEFAULT_PROBABILITY}
 * @param minArea smallest area fraction; null means {@value #DEFAULT_MIN_AREA}
 * @param maxArea largest area fraction; null means {@value #DEFAULT_MAX_AREA}
 * @param minAspect smallest aspect ratio; null means {@value #DEFAULT_MIN_ASPECT}
 */
public record RandomErasingSpec(
        @DecimalMin("0")
        @DecimalMax("1")
        @JsonPropertyDescription("Chance, in [0, 1], that an image is erased at all. Default 0.5.")
        Double probability,
        @Positive
        @DecimalMax("1")
        @JsonPropertyDescription("Smallest erased area as a fraction of the image area, in (0, 1]. Default 0.02.")
        Double minArea,
        @Positive
        @DecimalMax("1")
        @JsonPropertyDescription("Largest erased area as a fraction of the image area, in [minArea, 1]. "
                + "Default 0.33.")
        Double maxArea,
        @Positive
        @DecimalMax("1")
        @JsonPropertyDescription("The aspect ratio (height / width) of the erased rectangle is drawn "
                + "log-uniformly from [minAspect, 1 / minAspect]; in (0, 1]. Default 0.3.")
        Double minAspect) implements CorruptionSpec {

    /** The type name used in configs. */
    public static final String TYPE = "random-erasing";

    /** Default chance that an image is erased. */
    public static final double DEFAULT_PROBABILITY = 0.5;

    /** Default smallest area fraction. */
    public static final double DEFAULT_MIN_AREA = 0.02;

    /** Default largest area fraction. */
    public static final double DEFAULT_MAX_AREA = 0.33;

    /** Default smallest aspect ratio. */
    public static final double DEFAULT_MIN_ASPECT = 0.3;

    /**
     * Fills in defaults and checks the area range.
     *
     * @param probability chance that an image is erased, or null for the default
     * @param minArea smallest area fraction, or null for the default
     * @param maxArea largest area fraction, or null for the default
     * @param minAspect smallest aspect ratio, or null for the default
     * @throws IllegalArgumentException if {@code minArea > maxArea}
     */
    public RandomErasingSpec {
        if (probability == null) {
            probability = DEFAULT_PROBABILITY;
        }
        if (minArea == null) {
            minArea = DEFAULT_MIN_AREA;
        }
        if (maxArea == null) {
            maxArea = DEFAULT_MAX_AREA;
        }
        if (minAspect == null) {
            minAspect = DEFAULT_MIN_ASPECT;
        }
        if (minArea > maxArea) {
            throw new IllegalArgumentException("random-erasing: minArea (" + minArea + ") must not exceed maxArea ("
                    + maxArea + ")");
        }
    }

    /** @return a spec with every default */
    public static RandomErasingSpec defaults() {
        return new RandomErasingSpec(null, null, null, null);
    }
}
