package org.vaelab.data.folder;

import java.awt.Graphics2D;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.UserInputException;
import org.vaelab.api.data.DataInfo;
import org.vaelab.api.data.DataSource;
import org.vaelab.api.data.DataSplit;
import org.vaelab.api.data.Dataset;
import org.vaelab.api.data.ImageFiles;
import org.vaelab.api.data.ImageShape;

/**
 * Loads every image file in a directory tree, the layout of torchvision's {@code ImageFolder}:
 * {@code path/<class>/<...>/<image>} for labelled data, or images directly in {@code path} for unlabelled
 * data.
 *
 * <p><b>Files.</b> Files ending in {@code .png}, {@code .jpg}, {@code .jpeg}, {@code .gif} or {@code .bmp}
 * (any case) anywhere under {@code path} are read, following symbolic links; other files are ignored, and so
 * are hidden files and folders (names starting with a dot, such as macOS {@code ._x.png} resource forks).
 * Files are ordered by their path relative to {@code path} ({@code '/'}-separated, compared as strings), so
 * the result does not depend on the file system's listing order; {@code maxImages} keeps the first files in
 * that order. A file that {@link ImageIO} cannot decode is an error naming it, not skipped.
 *
 * <p><b>Pixels.</b> Each image is drawn with {@link Graphics2D} and bilinear interpolation onto an opaque
 * {@code height x width} RGB image (transparent pixels are composited onto black), then stored as floats
 * {@code value / 255} in [0, 1]: for one channel the luma {@code 0.299R + 0.587G + 0.114B}, for three
 * channels R, G and B planes one after another (channel-major, NCHW). Bilinear drawing does not average
 * over the source when shrinking by a large factor, so heavily downscaled images may alias.
 *
 * <p><b>Labels.</b> When the images sit in first-level subfolders, each such subfolder holding at least one
 * image (among all files found, before {@code maxImages}) is a class; classes are numbered in alphabetical
 * order of the folder names, which become {@link DataInfo#classNames()}, and labels are an {@code [n]}
 * INT32 array. When all images sit directly in {@code path} there are no labels. A mix of both is an error.
 *
 * <p><b>Split.</b> The image indices are shuffled (Fisher-Yates, from the last index down) with a
 * {@link SplittableRandom} seeded with the load seed; the first {@code round(testFraction * n)} shuffled
 * images form the test split and the rest the training split, both in shuffled order. Both splits must be
 * non-empty: the runner trains on one and evaluates on the other.
 *
 * <p><b>Provenance.</b> {@link DataInfo#sources()} maps {@code path} to the SHA-256 of, for every file read
 * in sorted order, its relative path (UTF-8), a zero byte, its length as a big-endian 64-bit integer, and
 * its bytes.
 *
 * <table>
 *   <caption>Spec fields ({@link ImageFolderSpec})</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code path}</td><td>(required)</td><td>directory of images, optionally in class
 *       subfolders</td></tr>
 *   <tr><td>{@code height}</td><td>64</td><td>rows after resizing</td></tr>
 *   <tr><td>{@code width}</td><td>64</td><td>columns after resizing</td></tr>
 *   <tr><td>{@code channels}</td><td>1</td><td>1 (grayscale luma) or 3 (RGB)</td></tr>
 *   <tr><td>{@code testFraction}</td><td>0.1</td><td>fraction held out for testing</td></tr>
 *   <tr><td>{@code maxImages}</td><td>all</td><td>keep the first N files in sorted order</td></tr>
 * </table>
 */
public final class ImageFolderSource implements DataSource {

    /** File name extensions read, lower case, without the dot. */
    public static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "gif", "bmp");

    private final ImageFolderSpec spec;

    /** @param spec the validated spec */
    public ImageFolderSource(ImageFolderSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /** An image file and its path relative to the folder, {@code '/'}-separated. */
    private record ImageFile(Path file, String relative) {

        /** @return the first-level subfolder, or null if the file sits directly in the folder */
        String folder() {
            int slash = relative.indexOf('/');
            return slash < 0 ? null : relative.substring(0, slash);
        }
    }

    @Override
    public Dataset load(long seed) {
        Path dir = directory();
        List<ImageFile> all = list(dir);
        List<String> classes = classes(dir, all);
        List<ImageFile> files = spec.maxImages() == null || spec.maxImages() >= all.size()
                ? all : all.subList(0, spec.maxImages());

        int n = files.size();
        int nTest = (int) Math.round(spec.testFraction() * n);
        int nTrain = n - nTest;
        if (nTrain == 0) {
            throw new UserInputException("image folder " + dir + ": testFraction " + spec.testFraction() + " of "
                    + n + " images leaves no training images; lower testFraction or add images");
        }
        if (nTest == 0) {
            throw new UserInputException(String.format(Locale.ROOT, "image folder %s: testFraction %s of %d images "
                    + "leaves no test images, but the runner evaluates on the test split; use a testFraction of at "
                    + "least %.4g", dir, spec.testFraction(), n, 0.5 / n));
        }

        // where each file goes: the first nTest shuffled indices are the test split
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] slot = new int[n];                 // file index -> position in its split
        boolean[] inTest = new boolean[n];
        for (int k = 0; k < n; k++) {
            inTest[order[k]] = k < nTest;
            slot[order[k]] = k < nTest ? k : k - nTest;
        }

        int c = spec.channels();
        int h = spec.height();
        int w = spec.width();
        ImageShape shape = new ImageShape(c, h, w);
        int d = Math.toIntExact(shape.size());
        if ((long) Math.max(nTrain, nTest) * d > Integer.MAX_VALUE - 8) {
            throw new UserInputException("image folder " + dir + ": " + n + " images of " + shape
                    + " are too many to hold in one array; set maxImages or a smaller height/width");
        }
        float[] trainPixels = new float[nTrain * d];
        float[] testPixels = new float[nTest * d];
        boolean labelled = !classes.isEmpty();
        int[] trainLabels = labelled ? new int[nTrain] : null;
        int[] testLabels = labelled ? new int[nTest] : null;

        Map<String, Integer> labelOf = new HashMap<>();
        for (String name : classes) {
            labelOf.put(name, labelOf.size());
        }
        MessageDigest md = sha256();
        for (int i = 0; i < n; i++) {
            ImageFile f = files.get(i);
            byte[] bytes = ImageFiles.read(f.file());
            md.update(f.relative().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(ByteBuffer.allocate(Long.BYTES).putLong(bytes.length).array());
            md.update(bytes);
            int[] rgb = ImageFiles.resize(ImageFiles.decode(f.file(), bytes), h, w);
            ImageFiles.toFloats(rgb, c, inTest[i] ? testPixels : trainPixels, slot[i] * d);
            if (labelled) {
                (inTest[i] ? testLabels : trainLabels)[slot[i]] = labelOf.get(f.folder());
            }
        }

        DataSplit train = split(trainPixels, trainLabels, nTrain, d);
        DataSplit test = split(testPixels, testLabels, nTest, d);
        String description = "image folder " + dir + " (" + n + " images, " + shape
                + (labelled ? ", " + classes.size() + " classes)" : ", unlabelled)");
        DataInfo info = new DataInfo(description, shape, List.of(), classes,
                Map.of(dir.toString(), HexFormat.of().formatHex(md.digest())));
        return new Dataset(info, train, test);
    }

    private Path directory() {
        if (spec.path() == null || spec.path().isBlank()) {
            throw new UserInputException("image-folder: path is required (the directory of images)");
        }
        Path dir;
        try {
            dir = Path.of(spec.path());
        } catch (InvalidPathException e) {
            throw new UserInputException("invalid image folder path '" + spec.path() + "': " + e.getMessage(), e);
        }
        if (!Files.exists(dir)) {
            throw new UserInputException("image folder not found: " + dir);
        }
        if (!Files.isDirectory(dir)) {
            throw new UserInputException("image folder path " + dir + " is not a directory");
        }
        return dir;
    }

    /** @return the image files under {@code dir}, sorted by relative path */
    private static List<ImageFile> list(Path dir) {
        List<ImageFile> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            walk.forEach(p -> {
                if (p.equals(dir) || !Files.isRegularFile(p)) {
                    return;
                }
                Path rel = dir.relativize(p);
                for (Path part : rel) {
                    if (part.toString().startsWith(".")) {
                        return;                         // hidden file or inside a hidden folder
                    }
                }
                if (isImageName(p.getFileName().toString())) {
                    List<String> parts = new ArrayList<>();
                    rel.forEach(part -> parts.add(part.toString()));
                    files.add(new ImageFile(p, String.join("/", parts)));
                }
            });
        } catch (UncheckedIOException e) {
            throw new UserInputException("cannot list image folder " + dir + ": " + e.getCause().getMessage(), e);
        } catch (IOException e) {
            throw new UserInputException("cannot list image folder " + dir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new UserInputException("no images found in image folder " + dir + " (looked for files ending in "
                    + String.join(", ", EXTENSIONS.stream().map(x -> "." + x).toList())
                    + ", in it and its subfolders)");
        }
        files.sort(Comparator.comparing(ImageFile::relative));
        return files;
    }

    static boolean isImageName(String name) {
        int dot = name.lastIndexOf('.');
        return dot >= 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** @return the class names in label order, or an empty list if the images are unlabelled */
    private static List<String> classes(Path dir, List<ImageFile> files) {
        Set<String> folders = new TreeSet<>();
        ImageFile topLevel = null;
        for (ImageFile f : files) {
            String folder = f.folder();
            if (folder == null) {
                topLevel = topLevel == null ? f : topLevel;
            } else {
                folders.add(folder);
            }
        }
        if (topLevel != null && !folders.isEmpty()) {
            throw new UserInputException("image folder " + dir + " has images both directly in it (such as "
                    + topLevel.relative() + ") and in subfolders (such as " + folders.iterator().next()
                    + "/); put every image in a class subfolder for labelled data, or none in subfolders for "
                    + "unlabelled data");
        }
        return List.copyOf(folders);
    }

    private static DataSplit split(float[] pixels, int[] labels, int n, int d) {
        return new DataSplit(Nd4j.create(pixels, new long[] {n, d}, DataType.FLOAT),
                labels == null ? null : Nd4j.create(labels, new long[] {n}, DataType.INT32), null);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
