package org.vaelab.data.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.UserInputException;
import org.vaelab.api.data.DataSplit;
import org.vaelab.api.data.Dataset;
import org.vaelab.api.data.ImageShape;

class ImageFolderSourceTest {

    private static final int RED = 0xff0000;
    private static final int GREEN = 0x00ff00;
    private static final int BLUE = 0x0000ff;
    private static final int WHITE = 0xffffff;
    private static final int ORANGE = 0xc86432;      // (200, 100, 50)

    @TempDir
    Path tmp;

    /** Writes a solid {@code width x height} RGB PNG. */
    private static Path png(Path file, int width, int height, int rgb) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return write(file, image);
    }

    private static Path write(Path file, BufferedImage image) throws IOException {
        Files.createDirectories(file.getParent());
        assertThat(ImageIO.write(image, "png", file.toFile())).isTrue();
        return file;
    }

    /** cats: red, green; dogs: blue, white, and orange one level deeper. Sizes differ (8x6, 6x8). */
    private Path labelled() throws IOException {
        Path dir = tmp.resolve("pets");
        png(dir.resolve("cats/a.png"), 8, 6, RED);
        png(dir.resolve("cats/b.png"), 6, 8, GREEN);
        png(dir.resolve("dogs/c.png"), 8, 6, BLUE);
        png(dir.resolve("dogs/d.png"), 8, 6, WHITE);
        png(dir.resolve("dogs/more/e.png"), 8, 6, ORANGE);
        return dir;
    }

    private static Dataset load(Path dir, Integer h, Integer w, int channels, Double testFraction, Integer max,
            long seed) {
        return new ImageFolderSource(new ImageFolderSpec(dir.toString(), h, w, channels, testFraction, max))
                .load(seed);
    }

    private static float luma(int rgb) {
        return (float) ((0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff)) / 255.0);
    }

    /** Each row of a split of solid images, as "label:value of channel 0,1,..." after checking it is solid. */
    private static List<String> solidRows(DataSplit split, ImageShape shape) {
        List<String> rows = new ArrayList<>();
        int plane = shape.height() * shape.width();
        for (int i = 0; i < split.size(); i++) {
            float[] row = split.images().getRow(i).toFloatVector();
            StringBuilder key = new StringBuilder(split.labels() == null ? "-" : "" + split.labels().getInt(i));
            for (int c = 0; c < shape.channels(); c++) {
                float v = row[c * plane];
                for (int p = 0; p < plane; p++) {
                    assertThat(row[c * plane + p]).isEqualTo(v);
                }
                key.append(':').append(Math.round(v * 255));
            }
            rows.add(key.toString());
        }
        return rows;
    }

    @Test
    void rgbChannelMajorWithLabelsFromSubfolders() throws IOException {
        Dataset data = load(labelled(), 6, 8, 3, 0.2, null, 7);
        ImageShape shape = new ImageShape(3, 6, 8);
        assertThat(data.info().shape()).isEqualTo(shape);
        assertThat(data.info().classNames()).containsExactly("cats", "dogs");
        assertThat(data.info().factorNames()).isEmpty();
        assertThat(data.train().images().shape()).containsExactly(4, 144);
        assertThat(data.test().images().shape()).containsExactly(1, 144);
        assertThat(data.train().images().dataType()).isEqualTo(DataType.FLOAT);
        assertThat(data.train().labels().dataType()).isEqualTo(DataType.INT32);
        assertThat(data.train().factors()).isNull();

        List<String> rows = new ArrayList<>(solidRows(data.train(), shape));
        rows.addAll(solidRows(data.test(), shape));
        // red: channel 0 is 1, the others 0; every value in [0, 1]
        assertThat(rows).containsExactlyInAnyOrder("0:255:0:0", "0:0:255:0", "1:0:0:255", "1:255:255:255",
                "1:200:100:50");
        assertThat(data.train().images().minNumber().floatValue()).isEqualTo(0f);
        assertThat(data.train().images().maxNumber().floatValue()).isLessThanOrEqualTo(1f);
    }

    @Test
    void grayscaleIsLuma() throws IOException {
        Dataset data = load(labelled(), 3, 5, 1, 0.2, null, 7);
        List<Float> values = new ArrayList<>();
        for (DataSplit split : List.of(data.train(), data.test())) {
            for (int i = 0; i < split.size(); i++) {
                float[] row = split.images().getRow(i).toFloatVector();
                assertThat(row).hasSize(15);
                values.add(row[0]);
                for (float v : row) {
                    assertThat(v).isEqualTo(row[0]);
                }
            }
        }
        assertThat(values).hasSize(5);
        for (int rgb : new int[] {RED, GREEN, BLUE, WHITE, ORANGE}) {
            assertThat(values).anySatisfy(v -> assertThat(v).isCloseTo(luma(rgb), within(1e-6f)));
        }
        assertThat(values).contains(1f);
    }

    @Test
    void grayPngKeepsItsValue() throws IOException {
        Path dir = tmp.resolve("gray");
        for (String name : List.of("a.png", "b.png")) {
            BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setSample(0, 0, 0, 0);
            for (int p = 1; p < 16; p++) {
                image.getRaster().setSample(p % 4, p / 4, 0, 100);
            }
            write(dir.resolve(name), image);
        }
        Dataset data = load(dir, 4, 4, 1, 0.5, null, 1);
        float[] row = data.train().images().getRow(0).toFloatVector();
        assertThat(row[0]).isEqualTo(0f);
        assertThat(row[5]).isCloseTo(100 / 255f, within(1e-6f));
        Dataset rgb = load(dir, 4, 4, 3, 0.5, null, 1);
        assertThat(rgb.train().images().getFloat(0, 16 + 5)).isCloseTo(100 / 255f, within(1e-6f));
    }

    @Test
    void resizesToTheConfiguredSize() throws IOException {
        Path dir = tmp.resolve("halves");
        BufferedImage image = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);   // left half black, right white
        for (int y = 0; y < 6; y++) {
            for (int x = 4; x < 8; x++) {
                image.setRGB(x, y, WHITE);
            }
        }
        write(dir.resolve("a.png"), image);
        write(dir.resolve("b.png"), image);

        for (int[] size : new int[][] {{3, 4}, {12, 16}, {6, 8}, {5, 7}}) {
            int h = size[0];
            int w = size[1];
            Dataset data = load(dir, h, w, 1, 0.5, null, 3);
            assertThat(data.info().shape()).isEqualTo(new ImageShape(1, h, w));
            assertThat(data.train().images().shape()).containsExactly(1, h * w);
            float[] row = data.train().images().getRow(0).toFloatVector();
            for (int y = 0; y < h; y++) {
                assertThat(row[y * w]).as("left column, %dx%d", h, w).isEqualTo(0f);
                assertThat(row[y * w + w - 1]).as("right column, %dx%d", h, w).isEqualTo(1f);
                for (int x = 1; x < w; x++) {
                    assertThat(row[y * w + x]).isGreaterThanOrEqualTo(row[y * w + x - 1]);
                }
            }
        }
        // an exact halving keeps the halves exact
        float[] half = load(dir, 3, 4, 1, 0.5, null, 3).train().images().getRow(0).toFloatVector();
        assertThat(half).containsExactly(0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1);
    }

    @Test
    void imagesDirectlyInTheFolderHaveNoLabels() throws IOException {
        Path dir = tmp.resolve("flat");
        png(dir.resolve("x.png"), 8, 6, RED);
        png(dir.resolve("y.PNG"), 8, 6, GREEN);
        ImageIO.write(new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB), "bmp", dir.resolve("z.bmp").toFile());
        ImageIO.write(new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB), "jpg", dir.resolve("w.jpeg").toFile());
        Files.writeString(dir.resolve("README.txt"), "not an image");
        Files.write(dir.resolve(".hidden.png"), new byte[] {1, 2, 3});       // hidden: ignored
        Dataset data = load(dir, 4, 4, 1, 0.25, null, 3);
        assertThat(data.train().size() + data.test().size()).isEqualTo(4);
        assertThat(data.test().size()).isEqualTo(1);
        assertThat(data.train().labels()).isNull();
        assertThat(data.test().labels()).isNull();
        assertThat(data.info().classNames()).isEmpty();
        assertThat(data.info().description()).contains("unlabelled").contains("4 images");
    }

    @Test
    void splitIsDeterministicForASeed() throws IOException {
        Path dir = tmp.resolve("ten");
        for (int i = 0; i < 10; i++) {
            png(dir.resolve((i < 4 ? "a" : "b") + "/img" + i + ".png"), 2, 2, i * 0x0a0a0a);
        }
        Dataset one = load(dir, 2, 2, 1, 0.3, null, 42);
        Dataset two = load(dir, 2, 2, 1, 0.3, null, 42);
        assertThat(one.train().size()).isEqualTo(7);
        assertThat(one.test().size()).isEqualTo(3);
        assertThat(two.train().images()).isEqualTo(one.train().images());
        assertThat(two.test().images()).isEqualTo(one.test().images());
        assertThat(two.train().labels()).isEqualTo(one.train().labels());
        assertThat(two.info()).isEqualTo(one.info());

        Set<List<Float>> testSets = new HashSet<>();
        for (long seed = 0; seed < 8; seed++) {
            Dataset d = load(dir, 2, 2, 1, 0.3, null, seed);
            List<Float> firstPixels = new ArrayList<>();
            for (int i = 0; i < d.test().size(); i++) {
                firstPixels.add(d.test().images().getFloat(i, 0));
            }
            testSets.add(firstPixels);
            // train and test together hold every image once
            Set<Float> all = new HashSet<>(firstPixels);
            for (int i = 0; i < d.train().size(); i++) {
                all.add(d.train().images().getFloat(i, 0));
            }
            assertThat(all).hasSize(10);
        }
        assertThat(testSets).hasSizeGreaterThan(1);

        assertThat(load(dir, 2, 2, 1, 0.25, null, 1).test().size()).isEqualTo(3);      // round(2.5) = 3
        assertThat(load(dir, 2, 2, 1, 0.1, null, 1).test().size()).isEqualTo(1);
    }

    @Test
    void maxImagesKeepsTheFirstFilesInSortedOrder() throws IOException {
        Path dir = labelled();
        Dataset data = load(dir, 2, 2, 3, 0.5, 2, 5);         // cats/a.png (red), cats/b.png (green)
        assertThat(data.train().size() + data.test().size()).isEqualTo(2);
        List<String> rows = new ArrayList<>(solidRows(data.train(), new ImageShape(3, 2, 2)));
        rows.addAll(solidRows(data.test(), new ImageShape(3, 2, 2)));
        assertThat(rows).containsExactlyInAnyOrder("0:255:0:0", "0:0:255:0");
        assertThat(data.info().classNames()).containsExactly("cats", "dogs");   // from every file found
    }

    @Test
    void provenanceHashesPathsAndContents() throws IOException {
        Path dir = labelled();
        Dataset data = load(dir, 2, 2, 1, 0.2, null, 1);
        assertThat(data.info().sources()).containsOnlyKeys(dir.toString());
        String sha = data.info().sources().get(dir.toString());
        assertThat(sha).matches("[0-9a-f]{64}");
        assertThat(load(dir, 4, 4, 3, 0.4, null, 9).info().sources().get(dir.toString())).isEqualTo(sha);

        png(dir.resolve("dogs/d.png"), 8, 6, 0xfefefe);
        assertThat(load(dir, 2, 2, 1, 0.2, null, 1).info().sources().get(dir.toString())).isNotEqualTo(sha);
        png(dir.resolve("dogs/d.png"), 8, 6, WHITE);
        assertThat(load(dir, 2, 2, 1, 0.2, null, 1).info().sources().get(dir.toString())).isEqualTo(sha);
        Files.move(dir.resolve("dogs/d.png"), dir.resolve("dogs/d2.png"));
        assertThat(load(dir, 2, 2, 1, 0.2, null, 1).info().sources().get(dir.toString())).isNotEqualTo(sha);
    }

    @Test
    void errorsNameThePath() throws IOException {
        Path missing = tmp.resolve("nowhere");
        assertThatThrownBy(() -> load(missing, null, null, 1, null, null, 1))
                .isInstanceOf(UserInputException.class).hasMessageContaining("not found").hasMessageContaining(missing.toString());

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> load(empty, null, null, 1, null, null, 1))
                .isInstanceOf(UserInputException.class).hasMessageContaining(empty.toString())
                .hasMessageContaining(".png").hasMessageContaining(".jpg");

        Path file = Files.writeString(tmp.resolve("file.png"), "x");
        assertThatThrownBy(() -> load(file, null, null, 1, null, null, 1))
                .isInstanceOf(UserInputException.class).hasMessageContaining("not a directory");

        Path corrupt = labelled();
        Path broken = Files.write(corrupt.resolve("dogs/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
        assertThatThrownBy(() -> load(corrupt, 4, 4, 1, 0.2, null, 1))
                .isInstanceOf(UserInputException.class).hasMessageContaining(broken.toString());
        Files.write(broken, "plain text".getBytes());
        assertThatThrownBy(() -> load(corrupt, 4, 4, 1, 0.2, null, 1))
                .isInstanceOf(UserInputException.class).hasMessageContaining(broken.toString())
                .hasMessageContaining("cannot decode");

        Path mixed = tmp.resolve("mixed");
        png(mixed.resolve("top.png"), 2, 2, RED);
        png(mixed.resolve("cls/inner.png"), 2, 2, RED);
        assertThatThrownBy(() -> load(mixed, 2, 2, 1, 0.5, null, 1))
                .isInstanceOf(UserInputException.class).hasMessageContaining("top.png").hasMessageContaining("cls/");
    }

    @Test
    void bothSplitsMustBeNonEmpty() throws IOException {
        Path one = tmp.resolve("one");
        png(one.resolve("a.png"), 2, 2, RED);
        assertThatThrownBy(() -> load(one, 2, 2, 1, 0.9, null, 1))
                .isInstanceOf(UserInputException.class).hasMessageContaining("no training images")
                .hasMessageContaining(one.toString());
        Path two = tmp.resolve("two");
        png(two.resolve("a.png"), 2, 2, RED);
        png(two.resolve("b.png"), 2, 2, RED);
        assertThatThrownBy(() -> load(two, 2, 2, 1, 0.0, null, 1))
                .isInstanceOf(UserInputException.class).hasMessageContaining("no test images");
        assertThat(load(two, 2, 2, 1, 0.25, null, 1).test().size()).isEqualTo(1);   // round(0.5) = 1
    }

    @Test
    void loadsTheExpectedShapeByDefault() throws IOException {
        Dataset data = new ImageFolderSource(ImageFolderSpec.of(labelled().toString())).load(0);
        assertThat(data.info().shape()).isEqualTo(new ImageShape(1, 64, 64));
        assertThat(data.test().size()).isEqualTo(1);      // round(0.1 * 5) = 1
        assertThat(data.train().images().shape()).containsExactly(4, 4096);
        INDArray all = data.train().images();
        assertThat(all.minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
        assertThat(all.maxNumber().doubleValue()).isLessThanOrEqualTo(1.0);
    }
}
