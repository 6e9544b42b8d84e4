package org.vaelab.data.corruption;

import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.corruption.CorruptedBatch;
import org.vaelab.api.corruption.Corruption;
import org.vaelab.api.data.ImageShape;

/**
 * Salt-and-pepper noise: each pixel location independently, with probability {@code probability},
 * becomes black (0, pepper) or white (1, salt), each half the time. All channels of a location are
 * replaced together, so a colour image gets black or white pixels, not coloured specks.
 *
 * <p>The mask is 1 on every channel of each replaced location (even where the replacement happens to
 * equal the clean value: the pixel's information is gone either way) and 0 elsewhere. Random draws, per
 * image and per location in row-major order: one uniform for whether it is replaced, then, if so, one
 * boolean for salt or pepper.
 *
 * <table>
 *   <caption>Spec fields ({@link SaltAndPepperSpec})</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code probability}</td><td>0.1</td><td>chance that a pixel is replaced</td></tr>
 * </table>
 */
public final class SaltAndPepper implements Corruption {

    private final SaltAndPepperSpec spec;

    /** @param spec the validated spec */
    public SaltAndPepper(SaltAndPepperSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    @Override
    public CorruptedBatch corrupt(INDArray clean, ImageShape shape, SplittableRandom rng) {
        float[] x = Pixels.copy(clean, shape);
        float[] mask = new float[x.length];
        double p = spec.probability();
        int channels = shape.channels();
        int plane = shape.height() * shape.width();
        int d = channels * plane;
        for (int start = 0; start < x.length; start += d) {
            for (int q = 0; q < plane; q++) {
                if (rng.nextDouble() < p) {
                    float value = rng.nextBoolean() ? 1f : 0f;
                    for (int c = 0, k = start + q; c < channels; c++, k += plane) {
                        x[k] = value;
                        mask[k] = 1f;
                    }
                }
            }
        }
        return new CorruptedBatch(Pixels.array(x, clean), Pixels.array(mask, clean));
    }

    /** @return true: the mask marks the replaced pixels */
    @Override
    public boolean producesMask() {
        return true;
    }
}
