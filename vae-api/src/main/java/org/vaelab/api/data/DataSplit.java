package org.vaelab.api.data;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One split of a dataset, held in memory.
 *
 * @param images {@code [n, C*H*W]} floats in [0, 1], channel-major
 * @param labels {@code [n]} integer class labels, or null when the data has none
 * @param factors {@code [n, k]} ground-truth generative factor values, or null when unknown
 */
public record DataSplit(INDArray images, INDArray labels, INDArray factors) {

    /**
     * Checks that the parts agree on the number of examples.
     *
     * @param images {@code [n, C*H*W]} floats in [0, 1]
     * @param labels {@code [n]} class labels, or null
     * @param factors {@code [n, k]} factor values, or null
     */
    public DataSplit {
        Objects.requireNonNull(images, "images");
        if (images.rank() != 2) {
            throw new IllegalArgumentException("images must be [n, C*H*W], got shape " + java.util.Arrays.toString(images.shape()));
        }
        long n = images.size(0);
        if (labels != null && labels.length() != n) {
            throw new IllegalArgumentException("labels has " + labels.length() + " entries for " + n + " images");
        }
        if (factors != null && factors.size(0) != n) {
            throw new IllegalArgumentException("factors has " + factors.size(0) + " rows for " + n + " images");
        }
    }

    /** @return the number of examples */
    public long size() {
        return images.size(0);
    }
}
