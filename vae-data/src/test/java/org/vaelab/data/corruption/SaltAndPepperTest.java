package org.vaelab.data.corruption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.corruption.CorruptedBatch;
import org.vaelab.api.data.ImageShape;

class SaltAndPepperTest {

    @Test
    void replacesPixelsAtTheConfiguredRateHalfSaltHalfPepper() {
        ImageShape shape = new ImageShape(1, 16, 16);
        INDArray clean = Batches.clean(64, shape, 1);
        SaltAndPepper corruption = new SaltAndPepper(new SaltAndPepperSpec(0.2));
        assertThat(corruption.producesMask()).isTrue();
        CorruptedBatch out = Batches.corrupt(corruption, clean, shape, 7);
        Batches.maskMarksExactlyTheChanges(clean, out, shape);
        float[] y = Batches.values(out.input());
        float[] m = Batches.values(out.mask());
        int n = m.length;                                                    // 16384 pixels
        int hit = 0;
        int salt = 0;
        for (int k = 0; k < n; k++) {
            if (m[k] == 1f) {
                hit++;
                assertThat(y[k]).isIn(0f, 1f);
                salt += y[k] == 1f ? 1 : 0;
            } else {
                assertThat(y[k]).isNotIn(0f, 1f);
            }
        }
        assertThat((double) hit / n).isCloseTo(0.2, within(5 * Math.sqrt(0.2 * 0.8 / n)));
        assertThat((double) salt / hit).isCloseTo(0.5, within(5 * Math.sqrt(0.25 / hit)));
    }

    @Test
    void colourImagesLoseWholePixels() {
        ImageShape shape = new ImageShape(3, 8, 8);
        INDArray clean = Batches.clean(16, shape, 2);
        CorruptedBatch out = Batches.corrupt(new SaltAndPepper(new SaltAndPepperSpec(0.3)), clean, shape, 3);
        Batches.maskMarksExactlyTheChanges(clean, out, shape);
        float[] y = Batches.values(out.input());
        float[] m = Batches.values(out.mask());
        int plane = 64;
        int hits = 0;
        for (int i = 0; i < 16; i++) {
            for (int p = 0; p < plane; p++) {
                int k = i * 3 * plane + p;
                if (m[k] == 1f) {
                    hits++;
                    assertThat(y[k + plane]).isEqualTo(y[k]);
                    assertThat(y[k + 2 * plane]).isEqualTo(y[k]);
                }
            }
        }
        assertThat(hits).isBetween(200, 420);                               // about 0.3 * 1024
    }

    @Test
    void probabilityOneReplacesEverything() {
        ImageShape shape = new ImageShape(1, 4, 4);
        INDArray clean = Batches.clean(2, shape, 2);
        CorruptedBatch out = Batches.corrupt(new SaltAndPepper(new SaltAndPepperSpec(1.0)), clean, shape, 1);
        assertThat(Batches.values(out.mask())).containsOnly(1f);
        assertThat(Batches.values(out.input())).containsOnly(0f, 1f);
    }

    @Test
    void sameSeedSameOutputOtherSeedOther() {
        ImageShape shape = new ImageShape(1, 8, 8);
        INDArray clean = Batches.clean(4, shape, 4);
        SaltAndPepper corruption = new SaltAndPepper(SaltAndPepperSpec.defaults());
        CorruptedBatch a = Batches.corrupt(corruption, clean, shape, 9);
        CorruptedBatch b = Batches.corrupt(corruption, clean, shape, 9);
        CorruptedBatch c = Batches.corrupt(corruption, clean, shape, 10);
        assertThat(b.input()).isEqualTo(a.input());
        assertThat(b.mask()).isEqualTo(a.mask());
        assertThat(c.mask()).isNotEqualTo(a.mask());
    }
}
