package org.vaelab.experiments.train;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.model.Initializer;

/** Standard normal noise arrays from a seeded source. */
final class Gaussian {

    private static final Initializer STANDARD = Initializer.normal(1.0);

    private Gaussian() {}

    static INDArray standard(SplittableRandom rng, long rows, long cols) {
        float[] values = new float[Math.toIntExact(rows * cols)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) STANDARD.sample(rng);
        }
        return Nd4j.create(values, new long[] {rows, cols});
    }
}
