package org.vaelab.experiments.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vaelab.api.data.ImageShape;

class ImageQualityTest {

    private static float[] random(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rng.nextDouble();
        }
        return v;
    }

    /** SSIM by the definition: a full 2-D Gaussian window at every valid position, no separability. */
    private static double naiveSsim(float[] a, float[] b, int h, int w) {
        int size = 11;
        double[] k1 = ImageQuality.gaussian(size);
        double sum = 0;
        int count = 0;
        for (int y0 = 0; y0 + size <= h; y0++) {
            for (int x0 = 0; x0 + size <= w; x0++) {
                double mx = 0, my = 0, xx = 0, yy = 0, xy = 0;
                for (int i = 0; i < size; i++) {
                    for (int j = 0; j < size; j++) {
                        double wt = k1[i] * k1[j];
                        double p = a[(y0 + i) * w + x0 + j];
                        double q = b[(y0 + i) * w + x0 + j];
                        mx += wt * p;
                        my += wt * q;
                        xx += wt * p * p;
                        yy += wt * q * q;
                        xy += wt * p * q;
                    }
                }
                double vx = xx - mx * mx, vy = yy - my * my, cov = xy - mx * my;
                double c1 = 1e-4, c2 = 9e-4;
                sum += (2 * mx * my + c1) * (2 * cov + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
                count++;
            }
        }
        return sum / count;
    }

    @Test
    void mseAndPsnrMatchAHandComputedCase() {
        float[] a = {0f, 0.5f, 1f, 1f};
        float[] b = {0f, 0.25f, 1f, 0.5f};
        double mse = ImageQuality.mse(a, b, 0, 4);
        assertThat(mse).isCloseTo((0.0625 + 0.25) / 4, within(1e-9));
        assertThat(ImageQuality.psnr(mse)).isCloseTo(10 * Math.log10(4 / 0.3125), within(1e-9));
        assertThat(ImageQuality.psnr(0.01)).isCloseTo(20.0, within(1e-12));
        assertThat(ImageQuality.psnr(0.0)).isEqualTo(100.0);
    }

    @Test
    void gaussianWindowIsNormalisedAndSymmetric() {
        double[] k = ImageQuality.gaussian(11);
        assertThat(java.util.Arrays.stream(k).sum()).isCloseTo(1.0, within(1e-12));
        assertThat(k[0]).isCloseTo(k[10], within(1e-15));
        assertThat(k[5] / k[4]).isCloseTo(Math.exp(1 / (2 * 1.5 * 1.5)), within(1e-12));
    }

    @Test
    void ssimEqualsTheDefinitionComputedDirectly() {
        float[] a = random(28 * 28, 1);
        float[] b = a.clone();
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < b.length; i++) {
            b[i] = Math.min(1f, Math.max(0f, b[i] + (float) (0.2 * (rng.nextDouble() - 0.5))));
        }
        ImageShape shape = new ImageShape(1, 28, 28);
        double ssim = ImageQuality.ssim(a, b, 0, shape);
        assertThat(ssim).isCloseTo(naiveSsim(a, b, 28, 28), within(1e-9));
        assertThat(ssim).isLessThan(1.0).isGreaterThan(0.0);
        assertThat(ImageQuality.ssim(b, a, 0, shape)).isCloseTo(ssim, within(1e-12));
    }

    @Test
    void ssimIsOneForIdenticalImagesAndFallsWithNoise() {
        ImageShape shape = new ImageShape(3, 16, 16);
        float[] a = random((int) shape.size() * 2, 3);
        assertThat(ImageQuality.ssim(a, a, (int) shape.size(), shape)).isCloseTo(1.0, within(1e-12));
        float[] slightly = a.clone();
        float[] very = a.clone();
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < a.length; i++) {
            double n = rng.nextDouble() - 0.5;
            slightly[i] += (float) (0.05 * n);
            very[i] += (float) (0.5 * n);
        }
        assertThat(ImageQuality.ssim(a, slightly, 0, shape)).isGreaterThan(ImageQuality.ssim(a, very, 0, shape));
    }
}
