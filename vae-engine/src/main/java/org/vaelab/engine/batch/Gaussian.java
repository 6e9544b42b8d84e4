package org.vaelab.engine.batch;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.data.FloatArrays;

/** Standard normal noise arrays from a seeded source. */
final class Gaussian {

    private Gaussian() {}

    static INDArray standard(SplittableRandom rng, long rows, long cols) {
        float[] values = new float[Math.toIntExact(rows * cols)];
        fill(rng, values, values.length);
        return FloatArrays.matrix(values, rows, cols);
    }

    /**
     * The same draws as {@link #standard}, into the first {@code n} values of an array. Marsaglia's polar
     * method, keeping both of the independent normals each accepted pair gives (the second is dropped only
     * at an odd end): half the logarithms and square roots of one normal per pair, which mattered for
     * IWAE's K draws per image.
     */
    static void fill(SplittableRandom rng, float[] values, int n) {
        for (int i = 0; i < n; i += 2) {
            double u;
            double v;
            double s;
            do {
                u = 2.0 * rng.nextDouble() - 1.0;
                v = 2.0 * rng.nextDouble() - 1.0;
                s = u * u + v * v;
            } while (s >= 1.0 || s == 0.0);
            double scale = Math.sqrt(-2.0 * Math.log(s) / s);
            values[i] = (float) (u * scale);
            if (i + 1 < n) {
                values[i + 1] = (float) (v * scale);
            }
        }
    }
}
