package org.vaelab.data.corruption;

import java.util.SplittableRandom;

/**
 * Fast standard normal draws from a {@link SplittableRandom}: the ziggurat method of Marsaglia and Tsang
 * (2000, "The Ziggurat Method for Generating Random Variables", Journal of Statistical Software 5(8)) in
 * Doornik's form (2005, "An Improved Ziggurat Method to Generate Normal Random Samples"), with 128 blocks.
 * Each draw takes one {@code nextLong()}: its low 7 bits pick the block and its top 53 bits give the
 * uniform, so the two are independent (the flaw Doornik fixed). About 99% of draws need nothing more than
 * a table look-up and a multiplication, several times faster than the polar method's logarithm.
 */
final class Normal {

    private static final int BLOCKS = 128;
    private static final double R = 3.442619855899;                  // start of the tail
    private static final double V = 9.91256303526217e-3;             // area of each block
    private static final double[] X = new double[BLOCKS + 1];
    private static final double[] RATIO = new double[BLOCKS];

    static {
        double f = Math.exp(-0.5 * R * R);
        X[0] = V / f;                                                   // the base block, including the tail
        X[1] = R;
        X[BLOCKS] = 0;
        for (int i = 2; i < BLOCKS; i++) {
            X[i] = Math.sqrt(-2 * Math.log(V / X[i - 1] + f));
            f = Math.exp(-0.5 * X[i] * X[i]);
        }
        for (int i = 0; i < BLOCKS; i++) {
            RATIO[i] = X[i + 1] / X[i];
        }
    }

    private Normal() {}

    /**
     * @param rng the source of randomness
     * @return a draw from N(0, 1)
     */
    static double next(SplittableRandom rng) {
        while (true) {
            long bits = rng.nextLong();
            int i = (int) (bits & (BLOCKS - 1));
            double u = 2 * ((bits >>> 11) * 0x1.0p-53) - 1;            // uniform in [-1, 1)
            if (Math.abs(u) < RATIO[i]) {
                return u * X[i];                                        // inside the block's rectangle
            }
            if (i == 0) {
                return tail(rng, u < 0);
            }
            double x = u * X[i];                                        // the wedge: accept under the density
            double f0 = Math.exp(-0.5 * (X[i] * X[i] - x * x));
            double f1 = Math.exp(-0.5 * (X[i + 1] * X[i + 1] - x * x));
            if (f1 + rng.nextDouble() * (f0 - f1) < 1.0) {
                return x;
            }
        }
    }

    /** Marsaglia's (1964) method for the tail beyond {@link #R}. */
    private static double tail(SplittableRandom rng, boolean negative) {
        double x;
        double y;
        do {
            x = Math.log(1.0 - rng.nextDouble()) / R;                    // 1 - U is in (0, 1]: no log(0)
            y = Math.log(1.0 - rng.nextDouble());
        } while (-2 * y < x * x);
        return negative ? x - R : R - x;
    }
}
