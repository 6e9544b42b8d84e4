package org.vaelab.data.idx;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.UserInputException;
import org.vaelab.api.data.DataInfo;
import org.vaelab.api.data.DataSource;
import org.vaelab.api.data.DataSplit;
import org.vaelab.api.data.Dataset;
import org.vaelab.api.data.ImageShape;

/**
 * Loads MNIST-format IDX files from a directory: MNIST (LeCun, Bottou, Bengio and Haffner, 1998,
 * "Gradient-based learning applied to document recognition") or Fashion-MNIST (Xiao, Rasul and Vollgraf,
 * 2017, arXiv:1708.07747).
 *
 * <p>For each of {@code train} and {@code t10k}, the image and label files are looked up under these
 * names, first match wins: {@code <split>-images-idx3-ubyte}, {@code <split>-images-idx3-ubyte.gz},
 * {@code <split>-images.idx3-ubyte}, {@code <split>-images.idx3-ubyte.gz} (and the same with
 * {@code labels}/{@code idx1}). Gzipped files are recognised by content. Pixels become floats
 * {@code value / 255} in [0, 1] (or exact 0/1 with {@code binarize}: 1 where {@code value / 255 > 0.5});
 * labels become an {@code [n]} INT32 array. Class names are the ten Fashion-MNIST classes when the
 * directory name contains "fashion", else the label values as strings. The provenance records each file
 * with its SHA-256. The load seed is not used: {@code trainSize}/{@code testSize} keep the first images
 * of each file.
 *
 * <table>
 *   <caption>Spec fields ({@link IdxSpec})</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code path}</td><td>{@code /usr/share/datasets/fashion-mnist}</td><td>directory of the four
 *       IDX files</td></tr>
 *   <tr><td>{@code trainSize}</td><td>all</td><td>keep the first N training images (at most the file's
 *       count)</td></tr>
 *   <tr><td>{@code testSize}</td><td>all</td><td>keep the first N test images (at most the file's
 *       count)</td></tr>
 *   <tr><td>{@code binarize}</td><td>false</td><td>threshold pixels at 0.5</td></tr>
 * </table>
 */
public final class IdxSource implements DataSource {

    /** The Fashion-MNIST class names, indexed by label. */
    public static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** How to install the default dataset, quoted in error messages. */
    public static final String INSTALL_HINT = "install it with: sudo apt-get install dataset-fashion-mnist";

    private final IdxSpec spec;
    private final Path defaultPath;

    /** @param spec the validated spec */
    public IdxSource(IdxSpec spec) {
        this(spec, Path.of(IdxSpec.DEFAULT_PATH));
    }

    /**
     * For tests: treats {@code defaultPath} as the default location, whose absence the error message
     * explains with the install command.
     */
    IdxSource(IdxSpec spec, Path defaultPath) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.defaultPath = Objects.requireNonNull(defaultPath, "defaultPath").normalize();
    }

    @Override
    public Dataset load(long seed) {
        Path dir = directory();
        IdxReader.Images trainImages = IdxReader.readImages(find(dir, "train", "images", "idx3"));
        IdxReader.Labels trainLabels = IdxReader.readLabels(find(dir, "train", "labels", "idx1"));
        IdxReader.Images testImages = IdxReader.readImages(find(dir, "t10k", "images", "idx3"));
        IdxReader.Labels testLabels = IdxReader.readLabels(find(dir, "t10k", "labels", "idx1"));
        checkCounts(trainImages, trainLabels);
        checkCounts(testImages, testLabels);
        if (trainImages.rows() != testImages.rows() || trainImages.cols() != testImages.cols()) {
            throw new UserInputException("IDX images differ in size: " + trainImages.file() + " has "
                    + trainImages.rows() + "x" + trainImages.cols() + " but " + testImages.file() + " has "
                    + testImages.rows() + "x" + testImages.cols());
        }

        float[] lut = new float[256];
        for (int v = 0; v < 256; v++) {
            float x = v / 255f;
            lut[v] = spec.binarize() ? (x > 0.5f ? 1f : 0f) : x;
        }
        int[] maxLabel = {-1};
        DataSplit train = split(trainImages, trainLabels, spec.trainSize(), lut, maxLabel);
        DataSplit test = split(testImages, testLabels, spec.testSize(), lut, maxLabel);

        Path dirName = dir.toAbsolutePath().normalize().getFileName();
        boolean fashion = dirName != null && dirName.toString().toLowerCase(Locale.ROOT).contains("fashion");
        List<String> classNames;
        if (fashion && maxLabel[0] < FASHION_CLASSES.size()) {
            classNames = FASHION_CLASSES;
        } else {
            classNames = new ArrayList<>();
            for (int c = 0; c <= Math.max(9, maxLabel[0]); c++) {
                classNames.add(Integer.toString(c));
            }
        }
        Map<String, String> sources = new LinkedHashMap<>();
        for (IdxReader.Images im : List.of(trainImages, testImages)) {
            sources.put(im.file().toString(), im.sha256());
        }
        for (IdxReader.Labels lb : List.of(trainLabels, testLabels)) {
            sources.put(lb.file().toString(), lb.sha256());
        }
        String description = (fashion ? "Fashion-MNIST (IDX" : "IDX images (" + spec.path())
                + (spec.binarize() ? ", binarized)" : ")");
        DataInfo info = new DataInfo(description, new ImageShape(1, trainImages.rows(), trainImages.cols()),
                List.of(), classNames, sources);
        return new Dataset(info, train, test);
    }

    private Path directory() {
        Path dir;
        try {
            dir = Path.of(spec.path());
        } catch (InvalidPathException e) {
            throw new UserInputException("invalid IDX data path '" + spec.path() + "': " + e.getMessage(), e);
        }
        if (!Files.exists(dir)) {
            throw new UserInputException("IDX data directory not found: " + dir + defaultHint());
        }
        if (!Files.isDirectory(dir)) {
            throw new UserInputException("IDX data path " + dir + " is not a directory; give the directory that "
                    + "holds train-images-idx3-ubyte and the other IDX files");
        }
        return dir;
    }

    private String defaultHint() {
        return isDefaultPath() ? " (Fashion-MNIST is not installed; " + INSTALL_HINT + ")" : "";
    }

    private boolean isDefaultPath() {
        try {
            return Path.of(spec.path()).normalize().equals(defaultPath);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** The names under which a file is looked up, in order of preference. */
    static List<String> candidates(String split, String kind, String idx) {
        return List.of(split + "-" + kind + "-" + idx + "-ubyte",
                split + "-" + kind + "-" + idx + "-ubyte.gz",
                split + "-" + kind + "." + idx + "-ubyte",
                split + "-" + kind + "." + idx + "-ubyte.gz");
    }

    private Path find(Path dir, String split, String kind, String idx) {
        List<String> names = candidates(split, kind, idx);
        for (String name : names) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new UserInputException("IDX file not found: " + dir.resolve(names.get(0)) + " (also tried "
                + String.join(", ", names.subList(1, names.size())) + " in " + dir + ")" + defaultHint());
    }

    private static void checkCounts(IdxReader.Images images, IdxReader.Labels labels) {
        if (images.count() != labels.count()) {
            throw new UserInputException("IDX label count does not match: " + images.file() + " has "
                    + images.count() + " images but " + labels.file() + " has " + labels.count() + " labels");
        }
    }

    private static DataSplit split(IdxReader.Images images, IdxReader.Labels labels, Integer limit, float[] lut,
            int[] maxLabel) {
        if (images.count() == 0) {
            throw new UserInputException("IDX file " + images.file() + " holds no images");
        }
        int n = limit == null ? images.count() : Math.min(limit, images.count());
        int d = images.rows() * images.cols();
        // straight into the native array, a slice at a time: a heap copy of the whole split (188 MB for
        // Fashion-MNIST's training images) would grow the Java heap for good and double the peak memory
        INDArray pixels = Nd4j.createUninitialized(DataType.FLOAT, n, d);
        FloatBuffer out = pixels.data().asNioFloat();
        byte[] src = images.data();
        int off = images.offset();
        long total = (long) n * d;
        float[] slice = new float[(int) Math.min(total, 1 << 16)];
        for (long k = 0; k < total; k += slice.length) {
            int len = (int) Math.min(slice.length, total - k);
            for (int i = 0; i < len; i++) {
                slice[i] = lut[src[(int) (off + k + i)] & 0xff];
            }
            out.put(slice, 0, len);
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels.label(i);
            maxLabel[0] = Math.max(maxLabel[0], y[i]);
        }
        return new DataSplit(pixels, Nd4j.create(y, new long[] {n}, DataType.INT32), null);
    }
}
