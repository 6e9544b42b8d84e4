package org.vaelab.api.corruption;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The result of corrupting a batch.
 *
 * @param input the corrupted batch, same shape as the clean one
 * @param mask 1 where a pixel was hidden or changed, 0 elsewhere, same shape; null if the corruption
 *     yields no mask
 */
public record CorruptedBatch(INDArray input, INDArray mask) {
    /**
     * Rejects a null input.
     *
     * @param input the corrupted batch
     * @param mask the mask of changed pixels, or null
     */
    public CorruptedBatch {
        Objects.requireNonNull(input, "input");
    }
}
