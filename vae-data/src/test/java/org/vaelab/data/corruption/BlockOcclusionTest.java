package org.vaelab.data.corruption;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.corruption.CorruptedBatch;
import org.vaelab.api.data.ImageShape;
import org.vaelab.data.corruption.BlockOcclusionSpec.Fill;

class BlockOcclusionTest {

    private static final ImageShape SHAPE = new ImageShape(1, 12, 16);

    private static BlockOcclusion occlusion(int blocks, int min, int max, Fill fill, Double value) {
        return new BlockOcclusion(new BlockOcclusionSpec(blocks, min, max, fill, value));
    }

    @Test
    void oneBlockIsARectangleOfBoundedSizeInsideTheImage() {
        INDArray clean = Batches.clean(200, SHAPE, 1);
        BlockOcclusion corruption = occlusion(1, 3, 6, Fill.ZERO, null);
        assertThat(corruption.producesMask()).isTrue();
        CorruptedBatch out = Batches.corrupt(corruption, clean, SHAPE, 2);
        Batches.maskMarksExactlyTheChanges(clean, out, SHAPE);
        float[] y = Batches.values(out.input());
        float[] m = Batches.values(out.mask());
        Set<Integer> heights = new HashSet<>();
        Set<Integer> widths = new HashSet<>();
        Set<Integer> tops = new HashSet<>();
        Set<Integer> lefts = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int[] box = Batches.box(m, i, SHAPE);
            assertThat(box).isNotNull();
            int h = box[2];
            int w = box[3];
            assertThat(h).isBetween(3, 6);
            assertThat(w).isBetween(3, 6);
            assertThat(Batches.count(m, i, SHAPE)).as("a filled rectangle").isEqualTo(h * w);
            assertThat(box[0] + h).isLessThanOrEqualTo(12);
            assertThat(box[1] + w).isLessThanOrEqualTo(16);
            for (int k = i * 192; k < (i + 1) * 192; k++) {
                if (m[k] == 1f) {
                    assertThat(y[k]).isEqualTo(0f);
                }
            }
            heights.add(h);
            widths.add(w);
            tops.add(box[0]);
            lefts.add(box[1]);
        }
        assertThat(heights).containsExactlyInAnyOrder(3, 4, 5, 6);
        assertThat(widths).containsExactlyInAnyOrder(3, 4, 5, 6);
        assertThat(tops).contains(0, 6);                 // every top from 0 to 12 - h is possible
        assertThat(lefts).contains(0, 10);
    }

    @Test
    void sizesAreClampedToTheImage() {
        ImageShape small = new ImageShape(1, 8, 8);
        INDArray clean = Batches.clean(5, small, 2);
        CorruptedBatch out = Batches.corrupt(new BlockOcclusion(BlockOcclusionSpec.defaults()), clean, small, 1);
        float[] m = Batches.values(out.mask());
        for (int i = 0; i < 5; i++) {
            int[] box = Batches.box(m, i, small);             // sides in [min(8, 8), min(14, 8)]: the image
            assertThat(box).containsExactly(0, 0, 8, 8);
        }
        assertThat(Batches.values(out.input())).containsOnly(0f);
    }

    @Test
    void fills() {
        INDArray clean = Batches.clean(20, SHAPE, 3);
        for (Fill fill : Fill.values()) {
            Double value = fill == Fill.CONSTANT ? 0.25 : null;
            CorruptedBatch out = Batches.corrupt(occlusion(2, 2, 5, fill, value), clean, SHAPE, 4);
            Batches.maskMarksExactlyTheChanges(clean, out, SHAPE);
            float[] y = Batches.values(out.input());
            float[] m = Batches.values(out.mask());
            Set<Float> inside = new HashSet<>();
            for (int k = 0; k < y.length; k++) {
                if (m[k] == 1f) {
                    inside.add(y[k]);
                }
            }
            switch (fill) {
                case ZERO -> assertThat(inside).containsExactly(0f);
                case ONE -> assertThat(inside).containsExactly(1f);
                case CONSTANT -> assertThat(inside).containsExactly(0.25f);
                case NOISE -> {
                    assertThat(inside).hasSizeGreaterThan(20);
                    assertThat(inside).allSatisfy(v -> assertThat(v).isGreaterThanOrEqualTo(0f).isLessThan(1f));
                }
                default -> throw new AssertionError(fill);
            }
        }
    }

    @Test
    void severalBlocksInColourMaskAllChannels() {
        ImageShape shape = new ImageShape(3, 8, 8);
        INDArray clean = Batches.clean(10, shape, 5);
        CorruptedBatch out = Batches.corrupt(occlusion(3, 1, 3, Fill.NOISE, null), clean, shape, 6);
        Batches.maskMarksExactlyTheChanges(clean, out, shape);
        float[] m = Batches.values(out.mask());
        for (int i = 0; i < 10; i++) {
            assertThat(Batches.count(m, i, shape)).isBetween(1, 27);
        }
        float[] x = Batches.values(clean);
        float[] y = Batches.values(out.input());
        for (int k = 0; k < m.length; k++) {                    // noise differs from the clean values
            if (m[k] == 1f) {
                assertThat(y[k]).isNotEqualTo(x[k]);
            }
        }
    }

    @Test
    void sameSeedSameOutputOtherSeedOther() {
        INDArray clean = Batches.clean(4, SHAPE, 7);
        BlockOcclusion corruption = occlusion(2, 2, 6, Fill.NOISE, null);
        CorruptedBatch a = Batches.corrupt(corruption, clean, SHAPE, 1);
        CorruptedBatch b = Batches.corrupt(corruption, clean, SHAPE, 1);
        CorruptedBatch c = Batches.corrupt(corruption, clean, SHAPE, 2);
        assertThat(b.input()).isEqualTo(a.input());
        assertThat(b.mask()).isEqualTo(a.mask());
        assertThat(c.mask()).isNotEqualTo(a.mask());
    }
}
