package org.vaelab.api.data;

import java.util.Objects;

/**
 * A loaded dataset: train and test splits and what they are.
 *
 * @param info description, shape and origin
 * @param train the training split
 * @param test the held-out split used for evaluation
 */
public record Dataset(DataInfo info, DataSplit train, DataSplit test) {

    /**
     * Checks that both splits have the declared image size.
     *
     * @param info description, shape and origin
     * @param train the training split
     * @param test the held-out split
     */
    public Dataset {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        long d = info.shape().size();
        if (train.images().size(1) != d || test.images().size(1) != d) {
            throw new IllegalArgumentException("images must have " + d + " values (" + info.shape() + ") per row");
        }
    }
}
