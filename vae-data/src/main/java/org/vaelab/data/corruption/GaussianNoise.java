package org.vaelab.data.corruption;

import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.corruption.CorruptedBatch;
import org.vaelab.api.corruption.Corruption;
import org.vaelab.api.data.ImageShape;

/**
 * Additive Gaussian noise: {@code x* = x + sigma * n} with {@code n ~ N(0, 1)} drawn independently for
 * every value (every channel of every pixel), then clipped to [0, 1] if {@code clip} is set (Vincent,
 * Larochelle, Bengio and Manzagol, 2008, "Extracting and composing robust features with denoising
 * autoencoders", ICML).
 *
 * <p>The normal draws come from the ziggurat method (Marsaglia and Tsang, 2000, in Doornik's 2005 form)
 * on the given random source, one per value in the batch's row-major order. There is no mask: every pixel is changed, so a mask would be all ones and
 * tell a loss term nothing.
 *
 * <table>
 *   <caption>Spec fields ({@link GaussianNoiseSpec})</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code sigma}</td><td>0.3</td><td>noise standard deviation</td></tr>
 *   <tr><td>{@code clip}</td><td>true</td><td>clip to [0, 1]</td></tr>
 * </table>
 */
public final class GaussianNoise implements Corruption {

    private final GaussianNoiseSpec spec;

    /** @param spec the validated spec */
    public GaussianNoise(GaussianNoiseSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    @Override
    public CorruptedBatch corrupt(INDArray clean, ImageShape shape, SplittableRandom rng) {
        float[] x = Pixels.copy(clean, shape);
        double sigma = spec.sigma();
        boolean clip = spec.clip();
        for (int i = 0; i < x.length; i++) {
            float y = (float) (x[i] + sigma * Normal.next(rng));
            x[i] = clip ? Math.min(1f, Math.max(0f, y)) : y;
        }
        return new CorruptedBatch(Pixels.array(x, clean), null);
    }

    /** @return false: every pixel is changed, so there is nothing to mask */
    @Override
    public boolean producesMask() {
        return false;
    }
}
