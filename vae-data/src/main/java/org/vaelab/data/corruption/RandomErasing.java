package org.vaelab.data.corruption;

import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.corruption.CorruptedBatch;
import org.vaelab.api.corruption.Corruption;
import org.vaelab.api.data.ImageShape;

/**
 * Random erasing (Zhong, Zheng, Kang, Li and Yang, 2020, "Random Erasing Data Augmentation", AAAI):
 * with probability {@code probability} an image gets one rectangle, over all channels, filled with
 * uniform noise in [0, 1); the mask is 1 on the rectangle (every channel) and 0 elsewhere, and pixels
 * outside it are left exactly as they were.
 *
 * <p>Placement follows the paper's Algorithm 1 as torchvision's {@code RandomErasing} implements it: up
 * to {@value #ATTEMPTS} attempts each draw an area {@code S_e = U(minArea, maxArea) * H * W} and an aspect
 * ratio {@code r_e = exp(U(log minAspect, log(1 / minAspect)))}, giving height
 * {@code round(sqrt(S_e * r_e))} and width {@code round(sqrt(S_e / r_e))}; the first attempt whose
 * rectangle is at least 1 pixel and smaller than the image in both directions is placed with its top-left
 * corner uniform over the positions inside the image. If no attempt fits, the image is left unerased.
 * Random draws per image: the erase decision, then per attempt area and aspect, then top, left and the
 * noise values (channel, row, column order).
 *
 * <table>
 *   <caption>Spec fields ({@link RandomErasingSpec})</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code probability}</td><td>0.5</td><td>chance that an image is erased</td></tr>
 *   <tr><td>{@code minArea}</td><td>0.02</td><td>smallest area fraction</td></tr>
 *   <tr><td>{@code maxArea}</td><td>0.33</td><td>largest area fraction</td></tr>
 *   <tr><td>{@code minAspect}</td><td>0.3</td><td>aspect ratio range {@code [minAspect, 1/minAspect]}</td></tr>
 * </table>
 */
public final class RandomErasing implements Corruption {

    /** Placement attempts per image before it is left unerased (torchvision's value). */
    public static final int ATTEMPTS = 10;

    private final RandomErasingSpec spec;

    /** @param spec the validated spec */
    public RandomErasing(RandomErasingSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    @Override
    public CorruptedBatch corrupt(INDArray clean, ImageShape shape, SplittableRandom rng) {
        float[] x = Pixels.copy(clean, shape);
        float[] mask = new float[x.length];
        int height = shape.height();
        int width = shape.width();
        int plane = height * width;
        int d = Math.toIntExact(shape.size());
        double logAspect = Math.log(spec.minAspect());
        double minArea = spec.minArea();
        double areaRange = spec.maxArea() - minArea;
        for (int start = 0; start < x.length; start += d) {
            if (rng.nextDouble() >= spec.probability()) {
                continue;
            }
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                double area = plane * (minArea + areaRange * rng.nextDouble());
                double aspect = Math.exp(logAspect - 2.0 * logAspect * rng.nextDouble());
                int h = (int) Math.round(Math.sqrt(area * aspect));
                int w = (int) Math.round(Math.sqrt(area / aspect));
                if (h < 1 || w < 1 || h >= height || w >= width) {
                    continue;
                }
                int top = rng.nextInt(height - h + 1);
                int left = rng.nextInt(width - w + 1);
                Pixels.fillRectangle(x, mask, start, shape, top, left, h, w, rng::nextDouble);
                break;
            }
        }
        return new CorruptedBatch(Pixels.array(x, clean), Pixels.array(mask, clean));
    }

    /** @return true: the mask marks the erased rectangle */
    @Override
    public boolean producesMask() {
        return true;
    }
}
