package org.vaelab.data.folder;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.vaelab.api.data.DataSpec;

/**
 * Config of the image-folder source ({@code "type": "image-folder"}): PNG, JPEG, GIF or BMP files in a
 * directory tree, optionally one subfolder per class.
 *
 * <table>
 *   <caption>Fields</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code path}</td><td>(required)</td><td>directory searched recursively for images; the
 *       first-level subfolders, if the images sit in them, are the classes; relative paths resolve
 *       against the working directory</td></tr>
 *   <tr><td>{@code height}</td><td>64</td><td>rows every image is resized to</td></tr>
 *   <tr><td>{@code width}</td><td>64</td><td>columns every image is resized to</td></tr>
 *   <tr><td>{@code channels}</td><td>1</td><td>1 for grayscale (luma {@code 0.299R + 0.587G + 0.114B}),
 *       3 for RGB</td></tr>
 *   <tr><td>{@code testFraction}</td><td>0.1</td><td>fraction of the images held out for the test split,
 *       in [0, 1)</td></tr>
 *   <tr><td>{@code maxImages}</td><td>null (all)</td><td>use only the first {@code maxImages} files in
 *       sorted order, before the split</td></tr>
 * </table>
 *
 * @param path the directory; required
 * @param height target image height; null means {@value #DEFAULT_SIZE}
 * @param width target image width; null means {@value #DEFAULT_SIZE}
 * @param channels 1 (grayscale) or 3 (RGB); null means 1
 * @param testFraction fraction of images in the test split; null means {@value #DEFAULT_TEST_FRACTION}
 * @param maxImages how many images to keep, the first in sorted order; null keeps all
 */
public record ImageFolderSpec(
        @NotBlank
        @JsonPropertyDescription("Directory searched recursively for .png, .jpg, .jpeg, .gif and .bmp files. When "
                + "the images sit in first-level subfolders, each subfolder is a class (labels in alphabetical "
                + "order of the folder names); images directly in the directory have no labels. Required.")
        String path,
        @Positive
        @JsonPropertyDescription("Height every image is resized to (bilinear). Default 64.")
        Integer height,
        @Positive
        @JsonPropertyDescription("Width every image is resized to (bilinear). Default 64.")
        Integer width,
        @Positive
        @JsonPropertyDescription("1 for grayscale (luma 0.299R + 0.587G + 0.114B) or 3 for RGB, channel-major. "
                + "Default 1.")
        Integer channels,
        @DecimalMin("0")
        @DecimalMax(value = "1", inclusive = false)
        @JsonPropertyDescription("Fraction of the images held out as the test split, in [0, 1); the split is "
                + "drawn with the data seed. Default 0.1.")
        Double testFraction,
        @Positive
        @JsonPropertyDescription("Use only the first maxImages files in sorted path order (before the split). "
                + "Default: all.")
        Integer maxImages) implements DataSpec {

    /** The type name used in configs. */
    public static final String TYPE = "image-folder";

    /** Default height and width. */
    public static final int DEFAULT_SIZE = 64;

    /** Default number of channels (grayscale). */
    public static final int DEFAULT_CHANNELS = 1;

    /** Default fraction of images in the test split. */
    public static final double DEFAULT_TEST_FRACTION = 0.1;

    /**
     * Fills in the defaults of every field but {@code path}, which stays null when omitted (validation
     * then reports it), and checks {@code channels}.
     *
     * @param path the directory
     * @param height target height, or null for the default
     * @param width target width, or null for the default
     * @param channels 1 or 3, or null for 1
     * @param testFraction test fraction, or null for the default
     * @param maxImages images to keep, or null for all
     * @throws IllegalArgumentException if {@code channels} is neither 1 nor 3
     */
    public ImageFolderSpec {
        if (height == null) {
            height = DEFAULT_SIZE;
        }
        if (width == null) {
            width = DEFAULT_SIZE;
        }
        if (channels == null) {
            channels = DEFAULT_CHANNELS;
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("image-folder: channels must be 1 (grayscale) or 3 (RGB), got "
                    + channels);
        }
        if (testFraction == null) {
            testFraction = DEFAULT_TEST_FRACTION;
        }
    }

    /**
     * @param path the directory
     * @return a spec for {@code path} with every other field at its default
     */
    public static ImageFolderSpec of(String path) {
        return new ImageFolderSpec(path, null, null, null, null, null);
    }
}
