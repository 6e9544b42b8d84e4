package org.vaelab.experiments.train;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.model.Initializer;

/** Standard normal noise arrays from a seeded source. */
final class Gaussian {

    private static final Initializer STANDARD = Initializer.normal(1.0);

    private Gaussian() {}

    static INDArray standard(SplittableRandom rng, long rows, long cols) {
        float[] values = new float[Math.toIntExact(rows * cols)];
        fill(rng, values, values.length);
        return HeapArrays.matrix(values, rows, cols);
    }

    /** The same draws as {@link #standard}, into the first {@code n} values of an array. */
    static void fill(SplittableRandom rng, float[] values, int n) {
        for (int i = 0; i < n; i++) {
            values[i] = (float) STANDARD.sample(rng);
        }
    }
}
