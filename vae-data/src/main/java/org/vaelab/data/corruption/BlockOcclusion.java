package org.vaelab.data.corruption;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.corruption.CorruptedBatch;
import org.vaelab.api.corruption.Corruption;
import org.vaelab.api.data.ImageShape;

/**
 * Block occlusion: each image gets {@code blocks} axis-aligned rectangles, over all channels, filled with
 * zeros, ones, a constant or uniform noise; the mask is 1 inside any rectangle (every channel) and 0
 * elsewhere, and pixels outside every rectangle are left exactly as they were.
 *
 * <p>Side lengths are drawn independently and uniformly from {@code [min(minSize, H), min(maxSize, H)]}
 * for the height and the same with {@code W} for the width, so a range larger than the image is clamped
 * to it. The top-left corner is then uniform over the positions where the rectangle lies fully inside the
 * image. Random draws per image and block: height, width, top, left, then the noise values (channel,
 * row, column order) for {@code "noise"} fill. Overlapping rectangles overwrite each other in order.
 *
 * <table>
 *   <caption>Spec fields ({@link BlockOcclusionSpec})</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code blocks}</td><td>1</td><td>rectangles per image</td></tr>
 *   <tr><td>{@code minSize}</td><td>8</td><td>smallest side, pixels</td></tr>
 *   <tr><td>{@code maxSize}</td><td>14</td><td>largest side, pixels</td></tr>
 *   <tr><td>{@code fill}</td><td>{@code "zero"}</td><td>{@code "zero"}, {@code "one"}, {@code "noise"} or
 *       {@code "constant"}</td></tr>
 *   <tr><td>{@code fillValue}</td><td>none</td><td>value of {@code "constant"} fill</td></tr>
 * </table>
 */
public final class BlockOcclusion implements Corruption {

    private final BlockOcclusionSpec spec;

    /** @param spec the validated spec */
    public BlockOcclusion(BlockOcclusionSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    @Override
    public CorruptedBatch corrupt(INDArray clean, ImageShape shape, SplittableRandom rng) {
        float[] x = Pixels.copy(clean, shape);
        float[] mask = new float[x.length];
        int height = shape.height();
        int width = shape.width();
        int d = Math.toIntExact(shape.size());
        int minH = Math.min(spec.minSize(), height);
        int maxH = Math.min(spec.maxSize(), height);
        int minW = Math.min(spec.minSize(), width);
        int maxW = Math.min(spec.maxSize(), width);
        BlockOcclusionSpec.Fill fill = spec.fill();
        float constant = switch (fill) {
            case ZERO, NOISE -> 0f;
            case ONE -> 1f;
            case CONSTANT -> spec.fillValue().floatValue();
        };
        DoubleSupplier value = fill == BlockOcclusionSpec.Fill.NOISE ? rng::nextDouble : () -> constant;
        for (int start = 0; start < x.length; start += d) {
            for (int b = 0; b < spec.blocks(); b++) {
                int h = minH + rng.nextInt(maxH - minH + 1);
                int w = minW + rng.nextInt(maxW - minW + 1);
                int top = rng.nextInt(height - h + 1);
                int left = rng.nextInt(width - w + 1);
                Pixels.fillRectangle(x, mask, start, shape, top, left, h, w, value);
            }
        }
        return new CorruptedBatch(Pixels.array(x, clean), Pixels.array(mask, clean));
    }

    /** @return true: the mask marks the occluded pixels */
    @Override
    public boolean producesMask() {
        return true;
    }
}
