package org.vaelab.data.corruption;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import org.vaelab.api.corruption.CorruptionSpec;

/**
 * Config of block occlusion ({@code "type": "block-occlusion"}): axis-aligned rectangles blanked out of
 * each image.
 *
 * <table>
 *   <caption>Fields</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code blocks}</td><td>1</td><td>rectangles per image (they may overlap)</td></tr>
 *   <tr><td>{@code minSize}</td><td>8</td><td>smallest side length, in pixels</td></tr>
 *   <tr><td>{@code maxSize}</td><td>14</td><td>largest side length, in pixels; at least
 *       {@code minSize}</td></tr>
 *   <tr><td>{@code fill}</td><td>{@code "zero"}, or {@code "constant"} when {@code fillValue} is
 *       given</td><td>what the blocks hold: {@code "zero"} (black), {@code "one"} (white),
 *       {@code "noise"} (uniform in [0, 1] per value) or {@code "constant"} ({@code fillValue})</td></tr>
 *   <tr><td>{@code fillValue}</td><td>null</td><td>the value in [0, 1] of {@code "constant"} fill; given
 *       only with that fill</td></tr>
 * </table>
 *
 * <p>A config may give just {@code fillValue}: the fill is then {@code "constant"}. Giving
 * {@code fillValue} with another fill, or {@code "constant"} without {@code fillValue}, is an error.
 *
 * @param blocks rectangles per image; null means {@value #DEFAULT_BLOCKS}
 * @param minSize smallest side length in pixels; null means {@value #DEFAULT_MIN_SIZE}
 * @param maxSize largest side length in pixels; null means {@value #DEFAULT_MAX_SIZE}
 * @param fill what the blocks hold; null means {@link Fill#CONSTANT} if {@code fillValue} is given, else
 *     {@link Fill#ZERO}
 * @param fillValue the value of {@link Fill#CONSTANT} fill, in [0, 1]; null for other fills
 */
public record BlockOcclusionSpec(
        @Positive
        @JsonPropertyDescription("Number of rectangles per image; they may overlap. Default 1.")
        Integer blocks,
        @Positive
        @JsonPropertyDescription("Smallest side length of a rectangle, in pixels (clamped to the image size). "
                + "Default 8.")
        Integer minSize,
        @Positive
        @JsonPropertyDescription("Largest side length of a rectangle, in pixels (clamped to the image size); at "
                + "least minSize. Default 14.")
        Integer maxSize,
        @JsonPropertyDescription("What the rectangles hold: \"zero\" (black), \"one\" (white), \"noise\" (uniform "
                + "in [0, 1], drawn per value) or \"constant\" (fillValue). Default \"zero\", or \"constant\" "
                + "when fillValue is given.")
        Fill fill,
        @DecimalMin("0")
        @DecimalMax("1")
        @JsonPropertyDescription("The value in [0, 1] of \"constant\" fill; give it only with that fill (or alone, "
                + "which implies it). Default: none.")
        Double fillValue) implements CorruptionSpec {

    /** The type name used in configs. */
    public static final String TYPE = "block-occlusion";

    /** Default number of rectangles per image. */
    public static final int DEFAULT_BLOCKS = 1;

    /** Default smallest side length. */
    public static final int DEFAULT_MIN_SIZE = 8;

    /** Default largest side length. */
    public static final int DEFAULT_MAX_SIZE = 14;

    /** What an occluding block holds. In JSON each is written in lower case, for example {@code "noise"}. */
    public enum Fill {
        /** Every value 0 (black). */
        @JsonProperty("zero")
        ZERO,
        /** Every value 1 (white). */
        @JsonProperty("one")
        ONE,
        /** Every value drawn uniformly from [0, 1), independently per channel and pixel. */
        @JsonProperty("noise")
        NOISE,
        /** Every value {@link BlockOcclusionSpec#fillValue()}. */
        @JsonProperty("constant")
        CONSTANT
    }

    /**
     * Fills in defaults and checks the fields against each other.
     *
     * @param blocks rectangles per image, or null for the default
     * @param minSize smallest side length, or null for the default
     * @param maxSize largest side length, or null for the default
     * @param fill the fill, or null for the default
     * @param fillValue the constant fill value, or null
     * @throws IllegalArgumentException if {@code minSize > maxSize}, or {@code fill} and {@code fillValue}
     *     disagree
     */
    public BlockOcclusionSpec {
        if (blocks == null) {
            blocks = DEFAULT_BLOCKS;
        }
        if (minSize == null) {
            minSize = DEFAULT_MIN_SIZE;
        }
        if (maxSize == null) {
            maxSize = DEFAULT_MAX_SIZE;
        }
        if (minSize > maxSize) {
            throw new IllegalArgumentException("block-occlusion: minSize (" + minSize + ") must not exceed maxSize ("
                    + maxSize + ")");
        }
        if (fill == null) {
            fill = fillValue != null ? Fill.CONSTANT : Fill.ZERO;
        }
        if (fill == Fill.CONSTANT && fillValue == null) {
            throw new IllegalArgumentException("block-occlusion: fill \"constant\" needs a fillValue in [0, 1]");
        }
        if (fill != Fill.CONSTANT && fillValue != null) {
            throw new IllegalArgumentException("block-occlusion: fillValue is used only with fill \"constant\", but "
                    + "fill is \"" + fill.name().toLowerCase(java.util.Locale.ROOT) + "\"; remove one of them");
        }
    }

    /** @return a spec with every default */
    public static BlockOcclusionSpec defaults() {
        return new BlockOcclusionSpec(null, null, null, null, null);
    }
}
