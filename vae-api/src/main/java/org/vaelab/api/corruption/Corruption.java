package org.vaelab.api.corruption;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.data.ImageShape;

/** Corrupts input batches; the same seed gives the same corruption. */
public interface Corruption {

    /**
     * @param clean the clean batch, {@code [batch, C*H*W]} in [0, 1]; must not be modified
     * @param shape the image shape, to place blocks and patches
     * @param rng the seeded source of randomness; the only one a corruption may use
     * @return the corrupted batch and, if {@link #producesMask()}, its mask
     */
    CorruptedBatch corrupt(INDArray clean, ImageShape shape, SplittableRandom rng);

    /** @return whether {@link #corrupt} returns a mask; the graph gets a mask input only if so */
    default boolean producesMask() {
        return false;
    }
}
