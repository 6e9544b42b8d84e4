package org.vaelab.losses;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * For terms whose value is defined on the whole batch (|mean KL - C|, a minibatch estimator): the framework
 * takes the batch mean of a term's per-example values, so the batch-level value is spread over every example.
 */
public final class BatchLevel {

    private BatchLevel() {}

    /**
     * @param value a scalar computed from the batch
     * @param perExample any {@code [batch]} variable of the graph, for the shape
     * @return {@code [batch]}, every entry {@code value}: its batch mean is {@code value}
     */
    public static SDVariable spread(SDVariable value, SDVariable perExample) {
        return perExample.mul(0.0).add(value);
    }
}
