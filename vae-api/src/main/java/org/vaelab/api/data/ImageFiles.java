package org.vaelab.api.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.vaelab.api.UserInputException;

/**
 * Reading image files into the framework's layout ({@code C*H*W} floats in [0, 1], channel-major): the
 * image-folder data source and the commands that take the user's own pictures share it.
 */
public final class ImageFiles {

    private ImageFiles() {}

    /**
     * @param file an image file
     * @param shape the size and channels to convert to (bilinear resize; luma for one channel)
     * @return its {@code C*H*W} floats
     */
    public static float[] load(Path file, ImageShape shape) {
        float[] out = new float[(int) shape.size()];
        toFloats(resize(decode(file, read(file)), shape.height(), shape.width()), shape.channels(), out, 0);
        return out;
    }

    /**
     * @param file an image file
     * @return its bytes
     * @throws UserInputException naming the file and why it cannot be read
     */
    public static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (AccessDeniedException e) {
            throw new UserInputException("cannot read image file " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new UserInputException("cannot read image file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param file the file the bytes came from, for messages
     * @param bytes its bytes
     * @return the decoded image
     * @throws UserInputException when ImageIO cannot decode it
     */
    public static BufferedImage decode(Path file, byte[] bytes) {
        BufferedImage image;
        try {
            image = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException | RuntimeException e) {
            throw new UserInputException("cannot decode image file " + file + ": " + e.getMessage(), e);
        }
        if (image == null) {
            throw new UserInputException("cannot decode image file " + file
                    + ": not an image format Java's ImageIO can read (PNG, JPEG, GIF, BMP)");
        }
        return image;
    }

    /**
     * Draws {@code image} onto an opaque {@code h x w} RGB image with bilinear interpolation.
     *
     * @param image the image
     * @param h target height
     * @param w target width
     * @return the packed {@code 0xRRGGBB} pixels, row-major
     */
    public static int[] resize(BufferedImage image, int h, int w) {
        BufferedImage target = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return ((DataBufferInt) target.getRaster().getDataBuffer()).getData();
    }

    /**
     * Writes one image's floats at {@code offset}: the luma plane, or the R, G and B planes.
     *
     * @param rgb packed pixels from {@link #resize}
     * @param channels 1 or 3
     * @param out the destination
     * @param offset where the image starts in it
     */
    public static void toFloats(int[] rgb, int channels, float[] out, int offset) {
        int plane = rgb.length;
        for (int p = 0; p < plane; p++) {
            int v = rgb[p];
            int r = (v >>> 16) & 0xff;
            int g = (v >>> 8) & 0xff;
            int b = v & 0xff;
            if (channels == 1) {
                out[offset + p] = (float) Math.min(1.0, (0.299 * r + 0.587 * g + 0.114 * b) / 255.0);
            } else {
                out[offset + p] = r / 255f;
                out[offset + plane + p] = g / 255f;
                out[offset + 2 * plane + p] = b / 255f;
            }
        }
    }
}
