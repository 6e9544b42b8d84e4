package org.vaelab.experiments.run;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.data.ImageShape;

/** Tiles a batch of images into one PNG (grayscale or RGB), with a 2-pixel gap between tiles. */
public final class ImageGrid {

    private static final int GAP = 2;

    private ImageGrid() {}

    /**
     * @param images {@code [n, C*H*W]} values in [0, 1] (clipped), channel-major
     * @param shape image shape (1 or 3 channels)
     * @param columns tiles per row
     * @param file the PNG to write (atomically)
     */
    public static void save(INDArray images, ImageShape shape, int columns, Path file) {
        BufferedImage grid = render(images, shape, columns);
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(grid, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    /**
     * @param images {@code [n, C*H*W]} values in [0, 1]
     * @param shape image shape
     * @param columns tiles per row
     * @return the grid
     */
    public static BufferedImage render(INDArray images, ImageShape shape, int columns) {
        int n = Math.toIntExact(images.size(0));
        int rows = (n + columns - 1) / columns;
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        BufferedImage img = new BufferedImage(GAP + columns * (w + GAP), GAP + rows * (h + GAP), BufferedImage.TYPE_INT_RGB);
        float[] data = images.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
        int plane = h * w;
        for (int k = 0; k < n; k++) {
            int x0 = GAP + (k % columns) * (w + GAP);
            int y0 = GAP + (k / columns) * (h + GAP);
            int base = k * c * plane;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    int r = level(data[base + p]);
                    int g = c >= 3 ? level(data[base + plane + p]) : r;
                    int b = c >= 3 ? level(data[base + 2 * plane + p]) : r;
                    img.setRGB(x0 + x, y0 + y, (r << 16) | (g << 8) | b);
                }
            }
        }
        return img;
    }

    private static int level(float v) {
        float clipped = Float.isNaN(v) ? 0f : Math.max(0f, Math.min(1f, v));
        return Math.round(clipped * 255f);
    }
}
