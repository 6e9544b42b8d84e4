package org.vaelab.data.idx;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.vaelab.api.data.DataSpec;

/**
 * Config of the IDX source ({@code "type": "idx"}): MNIST-format image and label files in a directory.
 *
 * <table>
 *   <caption>Fields</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code path}</td><td>{@code /usr/share/datasets/fashion-mnist}</td><td>directory holding
 *       {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and
 *       {@code t10k-labels-idx1-ubyte}, each optionally gzipped ({@code .gz}) or named with a dot
 *       ({@code train-images.idx3-ubyte}); relative paths resolve against the working directory</td></tr>
 *   <tr><td>{@code trainSize}</td><td>null (all)</td><td>use only the first {@code trainSize} training
 *       images</td></tr>
 *   <tr><td>{@code testSize}</td><td>null (all)</td><td>use only the first {@code testSize} test
 *       images</td></tr>
 *   <tr><td>{@code binarize}</td><td>false</td><td>threshold pixels at 0.5 to exact 0/1</td></tr>
 * </table>
 *
 * @param path the directory; null means {@value #DEFAULT_PATH}
 * @param trainSize how many training images to keep, from the start of the file; null keeps all
 * @param testSize how many test images to keep, from the start of the file; null keeps all
 * @param binarize whether to threshold pixels at 0.5; null means false
 */
public record IdxSpec(
        @NotBlank
        @JsonPropertyDescription("Directory holding train-images-idx3-ubyte, train-labels-idx1-ubyte, "
                + "t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, each optionally gzipped (.gz). "
                + "Default /usr/share/datasets/fashion-mnist (Debian package dataset-fashion-mnist).")
        String path,
        @Positive
        @JsonPropertyDescription("Keep only the first trainSize training images. Default: all.")
        Integer trainSize,
        @Positive
        @JsonPropertyDescription("Keep only the first testSize test images. Default: all.")
        Integer testSize,
        @JsonPropertyDescription("Threshold pixels at 0.5 to exact 0/1 values. Default false.")
        Boolean binarize) implements DataSpec {

    /** The type name used in configs. */
    public static final String TYPE = "idx";

    /** Where the Debian package {@code dataset-fashion-mnist} installs Fashion-MNIST. */
    public static final String DEFAULT_PATH = "/usr/share/datasets/fashion-mnist";

    /**
     * Fills in the defaults of {@code path} and {@code binarize}.
     *
     * @param path the directory, or null for the default
     * @param trainSize training images to keep, or null for all
     * @param testSize test images to keep, or null for all
     * @param binarize whether to threshold pixels, or null for false
     */
    public IdxSpec {
        if (path == null) {
            path = DEFAULT_PATH;
        }
        if (binarize == null) {
            binarize = Boolean.FALSE;
        }
    }

    /** @return a spec with every default */
    public static IdxSpec defaults() {
        return new IdxSpec(null, null, null, null);
    }
}
