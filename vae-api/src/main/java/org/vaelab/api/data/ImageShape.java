package org.vaelab.api.data;

/**
 * The shape of one image.
 *
 * @param channels colour channels (1 for grayscale, 3 for RGB)
 * @param height rows
 * @param width columns
 */
public record ImageShape(int channels, int height, int width) {

    /**
     * Rejects non-positive sizes.
     *
     * @param channels colour channels
     * @param height rows
     * @param width columns
     */
    public ImageShape {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image shape must be positive, got " + channels + "x" + height + "x" + width);
        }
    }

    /** @return {@code channels * height * width}, the length of a flattened image */
    public long size() {
        return (long) channels * height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
