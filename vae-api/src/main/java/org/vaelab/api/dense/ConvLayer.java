package org.vaelab.api.dense;

import java.util.Objects;

/**
 * A 2-D convolution (or, with {@code transposed}, a transposed convolution) over NCHW maps, as
 * {@code sd.cnn().conv2d} / {@code deconv2d} compute it with {@code NCHW} data format, square kernel,
 * equal strides and paddings in both directions, dilation 1: weight {@code <name>/w} of shape
 * {@code [kernel, kernel, inChannels, outChannels]} for a convolution and
 * {@code [kernel, kernel, outChannels, inChannels]} for a transposed one, bias {@code <name>/b}
 * {@code [outChannels]}.
 *
 * @param name the parameter prefix
 * @param transposed whether this is a transposed convolution
 * @param inChannels input channels
 * @param outChannels output channels
 * @param kernel kernel height and width
 * @param stride stride in both directions
 * @param padding padding on every side
 * @param inHeight input map height
 * @param inWidth input map width
 * @param activation the activation
 */
public record ConvLayer(String name, boolean transposed, int inChannels, int outChannels, int kernel, int stride,
        int padding, int inHeight, int inWidth, DenseActivation activation) implements NetworkLayer {

    /**
     * Validates the description.
     *
     * @param name the parameter prefix
     * @param transposed whether transposed
     * @param inChannels input channels
     * @param outChannels output channels
     * @param kernel kernel size
     * @param stride stride
     * @param padding padding
     * @param inHeight input height
     * @param inWidth input width
     * @param activation the activation
     */
    public ConvLayer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(activation, "activation");
        if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || padding < 0 || inHeight < 1 || inWidth < 1) {
            throw new IllegalArgumentException("layer " + name + ": sizes must be positive");
        }
        if (outSize(transposed, inHeight, kernel, stride, padding) < 1
                || outSize(transposed, inWidth, kernel, stride, padding) < 1) {
            throw new IllegalArgumentException("layer " + name + ": empty output map");
        }
    }

    private static int outSize(boolean transposed, int in, int kernel, int stride, int padding) {
        if (transposed) {
            return (in - 1) * stride + kernel - 2 * padding;
        }
        int span = in + 2 * padding - kernel;
        return span < 0 ? 0 : span / stride + 1;
    }

    /** @return output map height */
    public int outHeight() {
        return outSize(transposed, inHeight, kernel, stride, padding);
    }

    /** @return output map width */
    public int outWidth() {
        return outSize(transposed, inWidth, kernel, stride, padding);
    }

    @Override
    public long inputSize() {
        return (long) inChannels * inHeight * inWidth;
    }

    @Override
    public long outputSize() {
        return (long) outChannels * outHeight() * outWidth();
    }
}
