package org.vaelab.experiments.pictures;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.data.ImageShape;

/**
 * Draws batches of images as a labelled grid: tiles scaled up by an integer factor (nearest neighbour, so
 * a 28-pixel image shows at 84 pixels and a 64-pixel one at 128), a {@value #GAP}-pixel gap between tiles,
 * a label at the left of each row and an optional title above each section. Grayscale (1 channel) and
 * colour (3 channels) images.
 *
 * <p>Layout, in pixels: {@code width = labelWidth + GAP + columns * (scale * w + GAP)} and
 * {@code height = GAP + sum over sections of (titleHeight + rows * (scale * h + GAP))}, where
 * {@code labelWidth} is 0 when no row has a label and {@code titleHeight} 0 for a section without title
 * ({@link Layout}).
 */
public final class ImageGrid {

    static {
        Png.headless();        // before any AWT class loads
    }

    /** Pixels between tiles and around the grid. */
    public static final int GAP = 4;
    /** A tile's shorter side is scaled up to at least this many pixels (by an integer factor). */
    public static final int MIN_TILE_PIXELS = 84;
    /** Space around text. */
    static final int PAD = 6;
    static final Color BACKGROUND = new Color(0xE6E6E6);
    static final Color TEXT = new Color(0x202020);
    static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);

    private ImageGrid() {}

    /**
     * One row of tiles.
     *
     * @param label the text at its left ("" for none)
     * @param images {@code [k, C*H*W]} values in [0, 1] (clipped), channel-major; at most the grid's columns
     */
    public record Row(String label, INDArray images) {
        /** Checks the parts. */
        public Row {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(images, "images");
        }
    }

    /**
     * Rows under a title.
     *
     * @param title the text above the rows ("" for none)
     * @param rows the rows
     */
    public record Section(String title, List<Row> rows) {
        /** Copies the rows. */
        public Section {
            Objects.requireNonNull(title, "title");
            rows = List.copyOf(rows);
        }
    }

    /**
     * Where everything goes.
     *
     * @param scale integer magnification of each image
     * @param tileWidth {@code scale * w}
     * @param tileHeight {@code scale * h}
     * @param columns tiles per row
     * @param labelWidth the label column's width (0: no labels)
     * @param titleHeight height of a section title
     */
    public record Layout(int scale, int tileWidth, int tileHeight, int columns, int labelWidth, int titleHeight) {

        /** @return the grid's width in pixels */
        public int width() {
            return labelWidth + GAP + columns * (tileWidth + GAP);
        }

        /**
         * @param sections the sections
         * @return the grid's height in pixels
         */
        public int height(List<Section> sections) {
            int h = GAP;
            for (Section s : sections) {
                h += (s.title().isEmpty() ? 0 : titleHeight) + s.rows().size() * (tileHeight + GAP);
            }
            return h;
        }

        /** @return x of the left edge of tile column {@code c} */
        public int tileX(int c) {
            return labelWidth + GAP + c * (tileWidth + GAP);
        }
    }

    /**
     * @param shape image shape
     * @return the smallest integer factor that makes the image's shorter side at least {@value #MIN_TILE_PIXELS} pixels
     */
    public static int scale(ImageShape shape) {
        int side = Math.min(shape.height(), shape.width());
        return Math.max(1, (MIN_TILE_PIXELS + side - 1) / side);
    }

    /**
     * @param sections what to draw
     * @param shape image shape
     * @param columns tiles per row
     * @return the layout
     */
    public static Layout layout(List<Section> sections, ImageShape shape, int columns) {
        int scale = scale(shape);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = probe.createGraphics();
        try {
            FontMetrics labels = g.getFontMetrics(LABEL_FONT);
            int widest = 0;
            for (Section s : sections) {
                for (Row r : s.rows()) {
                    widest = Math.max(widest, r.label().isEmpty() ? 0 : labels.stringWidth(r.label()));
                }
            }
            int labelWidth = widest == 0 ? 0 : widest + 2 * PAD;
            int titleHeight = g.getFontMetrics(TITLE_FONT).getHeight() + PAD;
            return new Layout(scale, scale * shape.width(), scale * shape.height(), columns, labelWidth, titleHeight);
        } finally {
            g.dispose();
        }
    }

    /**
     * @param sections what to draw
     * @param shape image shape (1 or 3 channels)
     * @param columns tiles per row (a row's images beyond it are an error)
     * @return the grid
     */
    public static BufferedImage render(List<Section> sections, ImageShape shape, int columns) {
        Layout layout = layout(sections, shape, columns);
        int width = Math.max(layout.width(), titleWidth(sections) + 2 * PAD);
        BufferedImage img = new BufferedImage(width, layout.height(sections), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(TEXT);
            int y = GAP;
            for (Section s : sections) {
                if (!s.title().isEmpty()) {
                    g.setFont(TITLE_FONT);
                    FontMetrics fm = g.getFontMetrics();
                    g.drawString(s.title(), PAD, y + (layout.titleHeight() - fm.getHeight()) / 2 + fm.getAscent());
                    y += layout.titleHeight();
                }
                for (Row r : s.rows()) {
                    if (!r.label().isEmpty()) {
                        g.setFont(LABEL_FONT);
                        FontMetrics fm = g.getFontMetrics();
                        g.drawString(r.label(), layout.labelWidth() - PAD - fm.stringWidth(r.label()),
                                y + (layout.tileHeight() - fm.getHeight()) / 2 + fm.getAscent());
                    }
                    drawTiles(img, r.images(), shape, layout, y);
                    y += layout.tileHeight() + GAP;
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static int titleWidth(List<Section> sections) {
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = probe.createGraphics();
        try {
            FontMetrics fm = g.getFontMetrics(TITLE_FONT);
            return sections.stream().mapToInt(s -> fm.stringWidth(s.title())).max().orElse(0);
        } finally {
            g.dispose();
        }
    }

    private static void drawTiles(BufferedImage img, INDArray images, ImageShape shape, Layout layout, int y0) {
        int n = Math.toIntExact(images.size(0));
        if (n > layout.columns()) {
            throw new IllegalArgumentException(n + " images in a row of " + layout.columns() + " columns");
        }
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        int s = layout.scale();
        float[] data = images.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int plane = h * w;
        for (int k = 0; k < n; k++) {
            int x0 = layout.tileX(k);
            int base = k * c * plane;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    int r = level(data[base + p]);
                    int gr = c >= 3 ? level(data[base + plane + p]) : r;
                    int b = c >= 3 ? level(data[base + 2 * plane + p]) : r;
                    int rgb = (r << 16) | (gr << 8) | b;
                    for (int dy = 0; dy < s; dy++) {
                        for (int dx = 0; dx < s; dx++) {
                            img.setRGB(x0 + x * s + dx, y0 + y * s + dy, rgb);
                        }
                    }
                }
            }
        }
    }

    /**
     * One image at its own size, without border or label: a file of the image itself.
     *
     * @param image {@code [1, C*H*W]} or {@code [C*H*W]} values in [0, 1]
     * @param shape image shape (1 or 3 channels)
     * @return the image
     */
    public static BufferedImage single(INDArray image, ImageShape shape) {
        float[] v = image.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
        int h = shape.height();
        int w = shape.width();
        int plane = h * w;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < plane; p++) {
            int r = level(v[p]);
            int g = shape.channels() >= 3 ? level(v[plane + p]) : r;
            int b = shape.channels() >= 3 ? level(v[2 * plane + p]) : r;
            out.setRGB(p % w, p / w, (r << 16) | (g << 8) | b);
        }
        return out;
    }

    /**
     * @param v a pixel value
     * @return its 8-bit level: {@code round(255 * clip(v, 0, 1))}, NaN as 0
     */
    public static int level(float v) {
        float clipped = Float.isNaN(v) ? 0f : Math.max(0f, Math.min(1f, v));
        return Math.round(clipped * 255f);
    }
}
