package org.vaelab.experiments.pictures;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.data.ImageShape;

class ImageGridTest {

    private static INDArray random(int n, ImageShape shape, long seed) {
        Random r = new Random(seed);
        float[][] v = new float[n][(int) shape.size()];
        for (float[] row : v) {
            for (int i = 0; i < row.length; i++) {
                row[i] = r.nextFloat();
            }
        }
        return Nd4j.create(v);
    }

    @Test
    void scalesA28PixelImageThreeTimesAndA64PixelImageTwice() {
        assertThat(ImageGrid.scale(new ImageShape(1, 28, 28))).isEqualTo(3);
        assertThat(ImageGrid.scale(new ImageShape(1, 64, 64))).isEqualTo(2);
        assertThat(ImageGrid.scale(new ImageShape(3, 32, 32))).isEqualTo(3);
        assertThat(ImageGrid.scale(new ImageShape(3, 128, 128))).isEqualTo(1);
        assertThat(ImageGrid.scale(new ImageShape(1, 28, 28)) * 28).isGreaterThanOrEqualTo(ImageGrid.MIN_TILE_PIXELS);
    }

    @Test
    void sizeFollowsTheLayoutFormula() {
        ImageShape shape = new ImageShape(1, 28, 28);
        List<ImageGrid.Section> sections = List.of(new ImageGrid.Section("", List.of(
                new ImageGrid.Row("input", random(3, shape, 1)), new ImageGrid.Row("reconstruction", random(3, shape, 2)))));
        BufferedImage img = ImageGrid.render(sections, shape, 3);
        ImageGrid.Layout layout = ImageGrid.layout(sections, shape, 3);
        assertThat(layout.scale()).isEqualTo(3);
        assertThat(layout.labelWidth()).isGreaterThan(2 * ImageGrid.PAD);
        assertThat(img.getWidth()).isEqualTo(layout.labelWidth() + ImageGrid.GAP + 3 * (3 * 28 + ImageGrid.GAP));
        assertThat(img.getHeight()).isEqualTo(ImageGrid.GAP + 2 * (3 * 28 + ImageGrid.GAP));

        // no labels: no label column; a title adds its height
        List<ImageGrid.Section> titled = List.of(new ImageGrid.Section("prior samples",
                List.of(new ImageGrid.Row("", random(8, new ImageShape(1, 64, 64), 3)))));
        BufferedImage samples = ImageGrid.render(titled, new ImageShape(1, 64, 64), 8);
        ImageGrid.Layout l2 = ImageGrid.layout(titled, new ImageShape(1, 64, 64), 8);
        assertThat(l2.labelWidth()).isZero();
        assertThat(samples.getWidth()).isEqualTo(ImageGrid.GAP + 8 * (2 * 64 + ImageGrid.GAP));
        assertThat(samples.getHeight()).isEqualTo(ImageGrid.GAP + l2.titleHeight() + (2 * 64 + ImageGrid.GAP));
        assertThat(l2.titleHeight()).isGreaterThan(ImageGrid.PAD);
    }

    @Test
    void eachTilePixelIsTheScaledInputValueAndGapsAreBackground() {
        ImageShape shape = new ImageShape(1, 28, 28);
        INDArray row0 = random(2, shape, 4);
        INDArray row1 = random(2, shape, 5);
        List<ImageGrid.Section> sections = List.of(new ImageGrid.Section("", List.of(
                new ImageGrid.Row("input", row0), new ImageGrid.Row("reconstruction", row1))));
        BufferedImage img = ImageGrid.render(sections, shape, 2);
        ImageGrid.Layout layout = ImageGrid.layout(sections, shape, 2);
        int s = layout.scale();
        for (int r = 0; r < 2; r++) {
            INDArray images = r == 0 ? row0 : row1;
            int y0 = ImageGrid.GAP + r * (layout.tileHeight() + ImageGrid.GAP);
            for (int k = 0; k < 2; k++) {
                for (int p = 0; p < 28 * 28; p += 37) {
                    int level = ImageGrid.level(images.getFloat(k, p));
                    int expected = (level << 16) | (level << 8) | level;
                    for (int d = 0; d < s; d++) {
                        int x = layout.tileX(k) + (p % 28) * s + d;
                        int y = y0 + (p / 28) * s + (s - 1 - d);
                        assertThat(img.getRGB(x, y) & 0xFFFFFF).as("row %d tile %d pixel %d", r, k, p).isEqualTo(expected);
                    }
                }
            }
        }
        // the gap between the two tiles of the first row, and the label column's text
        int gapX = layout.tileX(1) - 1;
        assertThat(img.getRGB(gapX, ImageGrid.GAP + 10) & 0xFFFFFF).isEqualTo(ImageGrid.BACKGROUND.getRGB() & 0xFFFFFF);
        assertThat(darkPixels(img, 0, layout.labelWidth(), ImageGrid.GAP, ImageGrid.GAP + layout.tileHeight()))
                .as("the label 'input' is drawn").isGreaterThan(20);
    }

    @Test
    void colourImagesKeepTheirChannels() {
        ImageShape shape = new ImageShape(3, 28, 28);
        float[] v = new float[3 * 28 * 28];
        for (int p = 0; p < 28 * 28; p++) {
            v[p] = 1f;                      // red plane
            v[28 * 28 + p] = 0.5f;          // green plane
            v[2 * 28 * 28 + p] = 0f;        // blue plane
        }
        INDArray img = Nd4j.create(v, new long[] {1, v.length});
        List<ImageGrid.Section> sections = List.of(new ImageGrid.Section("", List.of(new ImageGrid.Row("", img))));
        BufferedImage out = ImageGrid.render(sections, shape, 1);
        int rgb = out.getRGB(ImageGrid.GAP + 40, ImageGrid.GAP + 40) & 0xFFFFFF;
        assertThat(rgb).isEqualTo((255 << 16) | (128 << 8));
    }

    static int darkPixels(BufferedImage img, int x0, int x1, int y0, int y1) {
        int count = 0;
        for (int x = x0; x < x1; x++) {
            for (int y = y0; y < y1; y++) {
                if ((img.getRGB(x, y) & 0xFF) < 100) {
                    count++;
                }
            }
        }
        return count;
    }
}
