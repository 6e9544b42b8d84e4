package org.vaelab.data.corruption;

import java.util.Arrays;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.data.FloatArrays;
import org.vaelab.api.data.ImageShape;

/**
 * Moves batches between ND4J and plain float arrays, where the corruptions do their per-pixel work.
 * A batch is {@code [batch, C*H*W]}, channel-major: value {@code (c, y, x)} of image {@code b} is at
 * {@code b*C*H*W + c*H*W + y*W + x}.
 */
final class Pixels {

    private Pixels() {}

    /**
     * @param clean the clean batch; not modified
     * @param shape the shape of one image
     * @return a row-major copy of its values
     * @throws IllegalArgumentException if the batch is not {@code [batch, shape.size()]}
     */
    static float[] copy(INDArray clean, ImageShape shape) {
        if (clean.rank() != 2 || clean.size(1) != shape.size()) {
            throw new IllegalArgumentException("expected a batch [n, " + shape.size() + "] of " + shape
                    + " images, got shape " + Arrays.toString(clean.shape()));
        }
        long cols = clean.size(1);
        if (clean.dataType() == DataType.FLOAT && clean.ordering() == 'c' && clean.offset() == 0
                && clean.stride(0) == cols && clean.stride(1) == 1 && clean.data().length() == clean.length()) {
            float[] values = new float[Math.toIntExact(clean.length())];     // the whole buffer: bulk copy
            clean.data().asNioFloat().get(values);
            return values;
        }
        return clean.dup('c').data().asFloat();
    }

    /**
     * Fills a rectangle of one image, in every channel, and marks it in the mask. Fill values are drawn
     * channel by channel, row by row.
     *
     * @param x the batch's values (modified)
     * @param mask the batch's mask (set to 1 inside the rectangle)
     * @param imageStart index of the image's first value
     * @param shape the image shape
     * @param top first row
     * @param left first column
     * @param h rows
     * @param w columns
     * @param fill the value of each filled pixel
     */
    static void fillRectangle(float[] x, float[] mask, int imageStart, ImageShape shape, int top, int left, int h, int w,
            DoubleSupplier fill) {
        int plane = shape.height() * shape.width();
        for (int c = 0; c < shape.channels(); c++) {
            for (int y = top; y < top + h; y++) {
                int row = imageStart + c * plane + y * shape.width();
                for (int k = row + left; k < row + left + w; k++) {
                    x[k] = (float) fill.getAsDouble();
                    mask[k] = 1f;
                }
            }
        }
    }

    /**
     * @param values row-major values, as many as {@code like} has (copied)
     * @param like the clean batch, whose shape and data type the result has
     * @return the values as an array shaped like {@code like}
     */
    static INDArray array(float[] values, INDArray like) {
        // on the thread that draws the next batch while the step's threads hold the cores
        INDArray out = FloatArrays.matrix(values, like.size(0), like.size(1));
        return like.dataType() == DataType.FLOAT ? out : out.castTo(like.dataType());
    }
}
