package org.vaelab.data.corruption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.corruption.CorruptedBatch;
import org.vaelab.api.data.ImageShape;

class GaussianNoiseTest {

    private static final ImageShape SHAPE = new ImageShape(1, 16, 16);

    @Test
    void noiseHasTheConfiguredStandardDeviation() {
        INDArray clean = Nd4j.valueArrayOf(new long[] {64, SHAPE.size()}, 0.5f, DataType.FLOAT);
        GaussianNoise noise = new GaussianNoise(new GaussianNoiseSpec(0.3, false));
        assertThat(noise.producesMask()).isFalse();
        float[] y = Batches.values(Batches.corrupt(noise, clean, SHAPE, 11).input());
        int n = y.length;                                                  // 16384 draws
        double sum = 0;
        double sumSq = 0;
        for (float v : y) {
            sum += v - 0.5;
            sumSq += (v - 0.5) * (v - 0.5);
        }
        double mean = sum / n;
        double std = Math.sqrt(sumSq / n - mean * mean);
        assertThat(mean).isCloseTo(0.0, within(5 * 0.3 / Math.sqrt(n)));          // 5 standard errors
        assertThat(std).isCloseTo(0.3, within(5 * 0.3 / Math.sqrt(2.0 * n)));
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : y) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(max).isGreaterThan(1f);                                      // not clipped
        assertThat(min).isLessThan(0f);
    }

    @Test
    void clippingKeepsValuesInTheUnitInterval() {
        INDArray clean = Batches.clean(32, SHAPE, 1);
        float[] y = Batches.values(Batches.corrupt(new GaussianNoise(GaussianNoiseSpec.defaults()), clean, SHAPE, 2)
                .input());
        for (float v : y) {
            assertThat(v).isBetween(0f, 1f);
        }
        assertThat(y).contains(0f, 1f);
        float[] x = Batches.values(clean);
        int changed = 0;
        for (int k = 0; k < x.length; k++) {
            changed += x[k] != y[k] ? 1 : 0;
        }
        assertThat(changed).isEqualTo(x.length);                              // every pixel is changed
    }

    @Test
    void sameSeedSameNoiseOtherSeedOtherNoise() {
        INDArray clean = Batches.clean(4, SHAPE, 3);
        GaussianNoise noise = new GaussianNoise(GaussianNoiseSpec.defaults());
        CorruptedBatch a = Batches.corrupt(noise, clean, SHAPE, 5);
        CorruptedBatch b = Batches.corrupt(noise, clean, SHAPE, 5);
        CorruptedBatch c = Batches.corrupt(noise, clean, SHAPE, 6);
        assertThat(b.input()).isEqualTo(a.input());
        assertThat(c.input()).isNotEqualTo(a.input());
    }

    @Test
    void oddSizesAndViewsWork() {
        ImageShape shape = new ImageShape(1, 3, 3);
        INDArray big = Batches.clean(5, shape, 4);
        INDArray view = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 4),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        CorruptedBatch out = Batches.corrupt(new GaussianNoise(new GaussianNoiseSpec(1e-3, true)), view, shape, 1);
        assertThat(out.input().shape()).containsExactly(3, 9);
        float[] x = Batches.values(view);
        float[] y = Batches.values(out.input());
        for (int k = 0; k < x.length; k++) {
            assertThat(y[k]).isCloseTo(x[k], within(0.01f)).isNotEqualTo(x[k]);
        }
        assertThatThrownBy(() -> new GaussianNoise(GaussianNoiseSpec.defaults())
                .corrupt(big, new ImageShape(1, 4, 4), new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1x4x4");
    }
}
