package org.vaelab.data.corruption;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.corruption.CorruptedBatch;
import org.vaelab.api.corruption.Corruption;
import org.vaelab.api.data.ImageShape;

/** Test batches and checks shared by the corruption tests. */
final class Batches {

    private Batches() {}

    /** @return {@code n} images of {@code shape} with values in [0.1, 0.9], none equal to 0 or 1 */
    static INDArray clean(int n, ImageShape shape, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[Math.toIntExact(n * shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (0.1 + 0.8 * rng.nextDouble());
        }
        return Nd4j.create(v, new long[] {n, shape.size()}, DataType.FLOAT);
    }

    /** @return the row-major values of {@code a} */
    static float[] values(INDArray a) {
        return a.dup('c').data().asFloat();
    }

    /** Corrupts {@code clean} and checks the contract: shape, type, clean untouched, mask 0/1 if any. */
    static CorruptedBatch corrupt(Corruption corruption, INDArray clean, ImageShape shape, long seed) {
        INDArray before = clean.dup();
        CorruptedBatch out = corruption.corrupt(clean, shape, new SplittableRandom(seed));
        assertThat(clean).as("the clean batch is not modified").isEqualTo(before);
        assertThat(out.input()).isNotSameAs(clean);
        assertThat(out.input().shape()).isEqualTo(clean.shape());
        assertThat(out.input().dataType()).isEqualTo(DataType.FLOAT);
        if (corruption.producesMask()) {
            assertThat(out.mask()).isNotNull();
            assertThat(out.mask().shape()).isEqualTo(clean.shape());
            assertThat(out.mask().dataType()).isEqualTo(DataType.FLOAT);
            for (float m : values(out.mask())) {
                assertThat(m).isIn(0f, 1f);
            }
        } else {
            assertThat(out.mask()).isNull();
        }
        return out;
    }

    /**
     * Checks that the mask marks exactly the changed values: outside it the corrupted batch is
     * bit-identical to the clean one, inside it differs (the clean values are never 0 or 1, fills are
     * checked by the caller), and every channel of a location has the same mask value.
     */
    static void maskMarksExactlyTheChanges(INDArray clean, CorruptedBatch out, ImageShape shape) {
        float[] x = values(clean);
        float[] y = values(out.input());
        float[] m = values(out.mask());
        for (int k = 0; k < x.length; k++) {
            if (m[k] == 0f) {
                assertThat(Float.floatToRawIntBits(y[k])).as("value %d outside the mask", k)
                        .isEqualTo(Float.floatToRawIntBits(x[k]));
            }
        }
        int plane = shape.height() * shape.width();
        int d = Math.toIntExact(shape.size());
        for (int start = 0; start < x.length; start += d) {
            for (int p = 0; p < plane; p++) {
                for (int c = 1; c < shape.channels(); c++) {
                    assertThat(m[start + c * plane + p]).as("mask of channel %d at %d", c, p)
                            .isEqualTo(m[start + p]);
                }
            }
        }
    }

    /** The bounding box {top, left, height, width} of image {@code i}'s mask in channel 0, or null if empty. */
    static int[] box(float[] mask, int i, ImageShape shape) {
        int d = Math.toIntExact(shape.size());
        int top = Integer.MAX_VALUE;
        int left = Integer.MAX_VALUE;
        int bottom = -1;
        int right = -1;
        for (int y = 0; y < shape.height(); y++) {
            for (int x = 0; x < shape.width(); x++) {
                if (mask[i * d + y * shape.width() + x] == 1f) {
                    top = Math.min(top, y);
                    left = Math.min(left, x);
                    bottom = Math.max(bottom, y);
                    right = Math.max(right, x);
                }
            }
        }
        return bottom < 0 ? null : new int[] {top, left, bottom - top + 1, right - left + 1};
    }

    /** @return the number of mask values equal to 1 in image {@code i}, channel 0 */
    static int count(float[] mask, int i, ImageShape shape) {
        int d = Math.toIntExact(shape.size());
        int n = 0;
        for (int p = 0; p < shape.height() * shape.width(); p++) {
            n += mask[i * d + p] == 1f ? 1 : 0;
        }
        return n;
    }
}
