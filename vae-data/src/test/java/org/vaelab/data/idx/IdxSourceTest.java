package org.vaelab.data.idx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.vaelab.api.UserInputException;
import org.vaelab.api.data.Dataset;
import org.vaelab.api.data.ImageShape;

class IdxSourceTest {

    private static final int ROWS = 4;
    private static final int COLS = 4;
    private static final int N_TRAIN = 5;
    private static final int N_TEST = 3;

    @TempDir
    Path tmp;

    /** Pixel value of image {@code i}, pixel {@code p}: covers 0, 255 and values in between. */
    private static int pixel(int split, int i, int p) {
        return (split * 101 + i * 37 + p * 17) % 256;
    }

    private static int label(int split, int i) {
        return (split * 3 + i * 7) % 10;
    }

    private static byte[] imagesBytes(int magic, int split, int n, int declared) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(declared);
        out.writeInt(ROWS);
        out.writeInt(COLS);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < ROWS * COLS; p++) {
                out.writeByte(pixel(split, i, p));
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] labelBytes(int split, int n) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxReader.LABELS_MAGIC);
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            out.writeByte(label(split, i));
        }
        return bytes.toByteArray();
    }

    private static void write(Path file, byte[] content, boolean gz) throws IOException {
        try (OutputStream out = gz ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
    }

    private Path dataset(String dirName, boolean gz, String sep) throws IOException {
        return dataset(dirName, gz, sep, N_TRAIN);
    }

    private Path dataset(String dirName, boolean gz, String sep, int nTrain) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(dirName));
        String ext = "-ubyte";
        String suffix = gz ? ".gz" : "";
        write(dir.resolve("train-images" + sep + "idx3" + ext + suffix),
                imagesBytes(IdxReader.IMAGES_MAGIC, 0, nTrain, nTrain), gz);
        write(dir.resolve("train-labels" + sep + "idx1" + ext + suffix), labelBytes(0, nTrain), gz);
        write(dir.resolve("t10k-images" + sep + "idx3" + ext + suffix),
                imagesBytes(IdxReader.IMAGES_MAGIC, 1, N_TEST, N_TEST), gz);
        write(dir.resolve("t10k-labels" + sep + "idx1" + ext + suffix), labelBytes(1, N_TEST), gz);
        return dir;
    }

    private static Dataset load(Path dir) {
        return load(dir, null, null, null);
    }

    private static Dataset load(Path dir, Integer train, Integer test, Boolean binarize) {
        return new IdxSource(new IdxSpec(dir.toString(), train, test, binarize)).load(0L);
    }

    private static void assertValues(Dataset data, int nTrain, int nTest) {
        float[][] train = data.train().images().toFloatMatrix();
        assertThat(train.length).isEqualTo(nTrain);
        for (int i = 0; i < nTrain; i++) {
            for (int p = 0; p < ROWS * COLS; p++) {
                assertThat(train[i][p]).isCloseTo(pixel(0, i, p) / 255f, within(1e-7f));
            }
        }
        float[][] test = data.test().images().toFloatMatrix();
        assertThat(test.length).isEqualTo(nTest);
        for (int i = 0; i < nTest; i++) {
            for (int p = 0; p < ROWS * COLS; p++) {
                assertThat(test[i][p]).isCloseTo(pixel(1, i, p) / 255f, within(1e-7f));
            }
        }
        int[] trainLabels = data.train().labels().toIntVector();
        for (int i = 0; i < nTrain; i++) {
            assertThat(trainLabels[i]).isEqualTo(label(0, i));
        }
        int[] testLabels = data.test().labels().toIntVector();
        for (int i = 0; i < nTest; i++) {
            assertThat(testLabels[i]).isEqualTo(label(1, i));
        }
    }

    @Test
    void readsPlainFiles() throws IOException {
        Path dir = dataset("digits", false, "-");
        Dataset data = load(dir);
        assertValues(data, N_TRAIN, N_TEST);
        assertThat(data.info().shape()).isEqualTo(new ImageShape(1, ROWS, COLS));
        assertThat(data.train().images().dataType()).isEqualTo(DataType.FLOAT);
        assertThat(data.train().images().shape()).containsExactly(N_TRAIN, ROWS * COLS);
        assertThat(data.train().factors()).isNull();
        assertThat(data.info().factorNames()).isEmpty();
        assertThat(data.info().classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        Path trainImages = dir.resolve("train-images-idx3-ubyte");
        assertThat(data.info().sources()).hasSize(4)
                .containsEntry(trainImages.toString(), IdxReader.sha256(Files.readAllBytes(trainImages)));
    }

    @Test
    void readsGzippedFilesAndFashionClassNames() throws IOException {
        Path dir = dataset("my-fashion-data", true, "-");
        Dataset data = load(dir);
        assertValues(data, N_TRAIN, N_TEST);
        assertThat(data.info().classNames()).hasSize(10).startsWith("T-shirt/top", "Trouser").endsWith("Ankle boot");
        assertThat(data.info().description()).contains("Fashion-MNIST");
        Path gz = dir.resolve("t10k-labels-idx1-ubyte.gz");
        assertThat(data.info().sources()).containsEntry(gz.toString(), IdxReader.sha256(Files.readAllBytes(gz)));
    }

    @Test
    void readsDottedFileNames() throws IOException {
        assertValues(load(dataset("dotted", false, ".")), N_TRAIN, N_TEST);
        assertValues(load(dataset("dotted-gz", true, ".")), N_TRAIN, N_TEST);
    }

    @Test
    void readsASplitLargerThanOneConversionSlice() throws IOException {
        int n = 5000;                                    // 80 000 pixels: the native array is filled in two slices
        assertValues(load(dataset("large", false, "-", n)), n, N_TEST);
    }

    @Test
    void limitsKeepTheFirstImages() throws IOException {
        Dataset data = load(dataset("limited", false, "-"), 2, 100, null);
        assertValues(data, 2, N_TEST);
    }

    @Test
    void binarizeThresholdsAtHalf() throws IOException {
        Dataset data = load(dataset("binary", true, "-"), null, null, true);
        float[][] train = data.train().images().toFloatMatrix();
        for (int i = 0; i < N_TRAIN; i++) {
            for (int p = 0; p < ROWS * COLS; p++) {
                assertThat(train[i][p]).isEqualTo(pixel(0, i, p) >= 128 ? 1f : 0f);
            }
        }
        assertThat(data.info().description()).contains("binarized");
    }

    @Test
    void truncatedFileIsAUserError() throws IOException {
        Path dir = dataset("truncated", false, "-");
        Path file = dir.resolve("train-images-idx3-ubyte");
        byte[] full = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(full, full.length - 7));
        assertThatThrownBy(() -> load(dir))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("truncated")
                .hasMessageContaining("5 images of 4x4");
    }

    @Test
    void truncatedGzipIsAUserError() throws IOException {
        Path dir = dataset("truncated-gz", true, "-");
        Path file = dir.resolve("t10k-images-idx3-ubyte.gz");
        byte[] full = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(full, full.length / 2));
        assertThatThrownBy(() -> load(dir))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("truncated");
    }

    @Test
    void badMagicNumberIsAUserError() throws IOException {
        Path dir = dataset("magic", false, "-");
        Path file = dir.resolve("t10k-images-idx3-ubyte");
        Files.write(file, imagesBytes(0x00000804, 1, N_TEST, N_TEST));
        assertThatThrownBy(() -> load(dir))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("magic number 0x00000804")
                .hasMessageContaining("expected 0x00000803");

        // a label file where the images should be
        Files.write(file, labelBytes(1, N_TEST));
        assertThatThrownBy(() -> load(dir))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("this is a label file");
    }

    @Test
    void countMismatchIsAUserError() throws IOException {
        Path dir = dataset("mismatch", false, "-");
        Files.write(dir.resolve("train-labels-idx1-ubyte"), labelBytes(0, N_TRAIN - 1));
        assertThatThrownBy(() -> load(dir))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("5 images")
                .hasMessageContaining("4 labels")
                .hasMessageContaining("train-labels-idx1-ubyte");
    }

    @Test
    void missingFileIsAUserErrorNamingIt() throws IOException {
        Path dir = dataset("missing", false, "-");
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        assertThatThrownBy(() -> load(dir))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining(dir.resolve("t10k-labels-idx1-ubyte").toString())
                .hasMessageContaining("t10k-labels-idx1-ubyte.gz")
                .hasMessageNotContaining("apt-get");
    }

    @Test
    void missingDirectoryIsAUserError() {
        Path dir = tmp.resolve("nowhere");
        assertThatThrownBy(() -> load(dir))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageNotContaining("apt-get");
    }

    @Test
    void missingDefaultDirectorySaysHowToInstallIt() {
        Path fakeDefault = tmp.resolve("fashion-mnist");
        IdxSource source = new IdxSource(new IdxSpec(fakeDefault.toString(), null, null, null), fakeDefault);
        assertThatThrownBy(() -> source.load(0L))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining(fakeDefault.toString())
                .hasMessageContaining("sudo apt-get install dataset-fashion-mnist");
    }

    @Test
    void realDefaultPathWhenAbsentSaysHowToInstallIt() {
        Assumptions.assumeFalse(Files.exists(Path.of(IdxSpec.DEFAULT_PATH)), "Fashion-MNIST is installed");
        assertThatThrownBy(() -> new IdxSource(IdxSpec.defaults()).load(0L))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("sudo apt-get install dataset-fashion-mnist");
    }

    @Test
    void loadsInstalledFashionMnist() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of(IdxSpec.DEFAULT_PATH)), "Fashion-MNIST not installed");
        Dataset data = new IdxSource(IdxSpec.defaults()).load(0L);
        assertThat(data.train().size()).isEqualTo(60000);
        assertThat(data.test().size()).isEqualTo(10000);
        assertThat(data.info().shape()).isEqualTo(new ImageShape(1, 28, 28));
        assertThat(data.info().classNames()).isEqualTo(IdxSource.FASHION_CLASSES);
        assertThat(data.info().sources()).hasSize(4).allSatisfy((file, sha) -> assertThat(sha).matches("[0-9a-f]{64}"));
        assertThat(data.train().labels().maxNumber().intValue()).isEqualTo(9);
        assertThat(data.train().images().maxNumber().floatValue()).isEqualTo(1f);
        assertThat(data.train().images().minNumber().floatValue()).isEqualTo(0f);
    }
}
