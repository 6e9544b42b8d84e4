package org.vaelab.data.corruption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.corruption.CorruptedBatch;
import org.vaelab.api.data.ImageShape;

class RandomErasingTest {

    private static final ImageShape SHAPE = new ImageShape(1, 16, 16);

    @Test
    void erasesOneNoiseRectangleWithinTheAreaAndAspectRanges() {
        INDArray clean = Batches.clean(200, SHAPE, 1);
        RandomErasing erasing = new RandomErasing(new RandomErasingSpec(1.0, null, null, null));
        assertThat(erasing.producesMask()).isTrue();
        CorruptedBatch out = Batches.corrupt(erasing, clean, SHAPE, 2);
        Batches.maskMarksExactlyTheChanges(clean, out, SHAPE);
        float[] x = Batches.values(clean);
        float[] y = Batches.values(out.input());
        float[] m = Batches.values(out.mask());
        Set<String> sizes = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int[] box = Batches.box(m, i, SHAPE);
            assertThat(box).as("image %d is erased", i).isNotNull();
            double h = box[2];
            double w = box[3];
            assertThat(Batches.count(m, i, SHAPE)).isEqualTo(box[2] * box[3]);
            assertThat(h).isLessThan(16);
            assertThat(w).isLessThan(16);
            // h = round(sqrt(S r)), w = round(sqrt(S / r)) with S in [0.02, 0.33] * 256 and r in [0.3, 1/0.3]
            assertThat((h + 0.5) * (w + 0.5)).isGreaterThanOrEqualTo(0.02 * 256);
            assertThat((h - 0.5) * (w - 0.5)).isLessThanOrEqualTo(0.33 * 256);
            assertThat((h + 0.5) / (w - 0.5)).isGreaterThanOrEqualTo(0.3);
            assertThat((h - 0.5) / (w + 0.5)).isLessThanOrEqualTo(1 / 0.3);
            sizes.add(box[2] + "x" + box[3]);
        }
        assertThat(sizes).hasSizeGreaterThan(10);
        for (int k = 0; k < m.length; k++) {
            if (m[k] == 1f) {
                assertThat(y[k]).isGreaterThanOrEqualTo(0f).isLessThan(1f).isNotEqualTo(x[k]);
            }
        }
    }

    @Test
    void erasesAboutTheConfiguredShareOfImages() {
        INDArray clean = Batches.clean(400, SHAPE, 3);
        CorruptedBatch out = Batches.corrupt(new RandomErasing(RandomErasingSpec.defaults()), clean, SHAPE, 4);
        float[] m = Batches.values(out.mask());
        int erased = 0;
        for (int i = 0; i < 400; i++) {
            erased += Batches.box(m, i, SHAPE) != null ? 1 : 0;
        }
        assertThat(erased / 400.0).isCloseTo(0.5, within(5 * Math.sqrt(0.25 / 400)));
    }

    @Test
    void probabilityZeroOrNoFittingRectangleLeavesImagesAlone() {
        INDArray clean = Batches.clean(10, SHAPE, 5);
        CorruptedBatch none = Batches.corrupt(new RandomErasing(new RandomErasingSpec(0.0, null, null, null)),
                clean, SHAPE, 1);
        assertThat(none.input()).isEqualTo(clean);
        assertThat(Batches.values(none.mask())).containsOnly(0f);

        ImageShape tiny = new ImageShape(1, 2, 2);           // every rectangle of 90%+ is as large as the image
        INDArray small = Batches.clean(10, tiny, 6);
        CorruptedBatch unfit = Batches.corrupt(new RandomErasing(new RandomErasingSpec(1.0, 0.9, 1.0, null)),
                small, tiny, 1);
        assertThat(unfit.input()).isEqualTo(small);
        assertThat(Batches.values(unfit.mask())).containsOnly(0f);
    }

    @Test
    void colourImagesAreErasedInEveryChannel() {
        ImageShape shape = new ImageShape(3, 8, 8);
        INDArray clean = Batches.clean(20, shape, 7);
        CorruptedBatch out = Batches.corrupt(new RandomErasing(new RandomErasingSpec(1.0, 0.1, 0.4, 0.5)), clean,
                shape, 8);
        Batches.maskMarksExactlyTheChanges(clean, out, shape);
        float[] m = Batches.values(out.mask());
        for (int i = 0; i < 20; i++) {
            int[] box = Batches.box(m, i, shape);
            assertThat(box).isNotNull();
            assertThat(Batches.count(m, i, shape)).isEqualTo(box[2] * box[3]);
        }
    }

    @Test
    void sameSeedSameOutputOtherSeedOther() {
        INDArray clean = Batches.clean(8, SHAPE, 9);
        RandomErasing erasing = new RandomErasing(RandomErasingSpec.defaults());
        CorruptedBatch a = Batches.corrupt(erasing, clean, SHAPE, 1);
        CorruptedBatch b = Batches.corrupt(erasing, clean, SHAPE, 1);
        CorruptedBatch c = Batches.corrupt(erasing, clean, SHAPE, 2);
        assertThat(b.input()).isEqualTo(a.input());
        assertThat(b.mask()).isEqualTo(a.mask());
        assertThat(c.input()).isNotEqualTo(a.input());
    }
}
