package org.vaelab.engine.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The reparameterisation noise: standard normal, both values of each polar pair independent. */
class GaussianTest {

    @Test
    void drawsAreStandardNormalAndThePairsUncorrelated() {
        int n = 400_000;
        float[] values = new float[n];
        Gaussian.fill(new SplittableRandom(17), values, n);
        double sum = 0;
        double squares = 0;
        double fourth = 0;
        double pairProducts = 0;
        int beyondTwo = 0;
        for (int i = 0; i < n; i++) {
            double x = values[i];
            sum += x;
            squares += x * x;
            fourth += x * x * x * x;
            beyondTwo += Math.abs(x) > 2 ? 1 : 0;
            if (i % 2 == 0) {
                pairProducts += x * values[i + 1];
            }
        }
        // standard errors: mean 1/sqrt(n) = 0.0016, variance sqrt(2/n) = 0.0022, pair correlation 0.0022
        assertThat(sum / n).isCloseTo(0, within(0.008));
        assertThat(squares / n).isCloseTo(1, within(0.011));
        assertThat(fourth / n).isCloseTo(3, within(0.06));                   // a normal's kurtosis
        assertThat(beyondTwo / (double) n).isCloseTo(0.0455, within(0.002)); // P(|x| > 2)
        assertThat(pairProducts / (n / 2.0)).isCloseTo(0, within(0.011));
    }

    @Test
    void anOddCountDrawsTheSameLeadingValuesAndTheSameStreamAsTheNextEvenCount() {
        float[] odd = new float[7];
        float[] even = new float[8];
        SplittableRandom a = new SplittableRandom(5);
        SplittableRandom b = new SplittableRandom(5);
        Gaussian.fill(a, odd, 7);
        Gaussian.fill(b, even, 8);
        for (int i = 0; i < 7; i++) {
            assertThat(odd[i]).isEqualTo(even[i]);
        }
        assertThat(a.nextLong()).isEqualTo(b.nextLong());
    }
}
