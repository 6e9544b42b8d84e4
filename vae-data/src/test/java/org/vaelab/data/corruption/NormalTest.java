package org.vaelab.data.corruption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NormalTest {

    /** Points and the standard normal CDF there (to 7 digits). */
    private static final double[][] CDF = {
        {-4.0, 0.0000317}, {-3.5, 0.0002326}, {-3.0, 0.0013499}, {-2.0, 0.0227501}, {-1.0, 0.1586553},
        {-0.5, 0.3085375}, {0.0, 0.5}, {0.3, 0.6179114}, {1.0, 0.8413447}, {2.0, 0.9772499},
        {3.0, 0.9986501}, {3.5, 0.9997674}, {4.0, 0.9999683},
    };

    @Test
    void matchesTheStandardNormalDistribution() {
        SplittableRandom rng = new SplittableRandom(2024);
        int n = 1_000_000;
        int[] below = new int[CDF.length];
        double sum = 0;
        double sumSq = 0;
        double sum4 = 0;
        for (int k = 0; k < n; k++) {
            double z = Normal.next(rng);
            sum += z;
            sumSq += z * z;
            sum4 += z * z * z * z;
            for (int j = 0; j < CDF.length; j++) {
                if (z < CDF[j][0]) {
                    below[j]++;
                }
            }
        }
        for (int j = 0; j < CDF.length; j++) {
            double p = CDF[j][1];
            assertThat((double) below[j] / n).as("P(Z < %s)", CDF[j][0])
                    .isCloseTo(p, within(5 * Math.sqrt(p * (1 - p) / n) + 1e-7));
        }
        assertThat(sum / n).isCloseTo(0.0, within(5 / Math.sqrt(n)));
        assertThat(sumSq / n).isCloseTo(1.0, within(5 * Math.sqrt(2.0 / n)));
        assertThat(sum4 / n).isCloseTo(3.0, within(5 * Math.sqrt(96.0 / n)));   // Var(Z^4) = 105 - 9
    }

    @Test
    void isDeterministicForASeed() {
        SplittableRandom a = new SplittableRandom(5);
        SplittableRandom b = new SplittableRandom(5);
        for (int k = 0; k < 1000; k++) {
            assertThat(Normal.next(a)).isEqualTo(Normal.next(b));
        }
    }
}
