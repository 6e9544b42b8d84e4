package org.vaelab.data.idx;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.vaelab.api.UserInputException;

/**
 * Reads one IDX file (the MNIST format, http://yann.lecun.com/exdb/mnist/): a big-endian header with the
 * magic number {@code 0x00000803} (unsigned bytes, 3 dimensions: images {@code [n, rows, cols]}) or
 * {@code 0x00000801} (unsigned bytes, 1 dimension: labels {@code [n]}), the dimension sizes as 32-bit
 * integers, then the values.
 *
 * <p>A file that starts with the gzip magic bytes is decompressed first, whatever its name. Every problem
 * with a file (missing, unreadable, wrong magic number, shorter than its header promises, bad gzip data)
 * is a {@link UserInputException} naming it.
 */
public final class IdxReader {

    /** Magic number of an IDX file of unsigned-byte images {@code [n, rows, cols]}. */
    public static final int IMAGES_MAGIC = 0x00000803;

    /** Magic number of an IDX file of unsigned-byte labels {@code [n]}. */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {}

    /**
     * The contents of an image file.
     *
     * @param file the file read
     * @param count number of images
     * @param rows image height
     * @param cols image width
     * @param data the file's decompressed bytes; pixels start at {@code offset}, row-major per image
     * @param offset index of the first pixel in {@code data}
     * @param sha256 SHA-256 of the file as stored (compressed if gzipped), lower-case hex
     */
    public record Images(Path file, int count, int rows, int cols, byte[] data, int offset, String sha256) {

        /**
         * @param i image index
         * @param p pixel index within the image, row-major
         * @return the pixel value, 0 to 255
         */
        public int pixel(int i, int p) {
            return data[offset + i * rows * cols + p] & 0xff;
        }
    }

    /**
     * The contents of a label file.
     *
     * @param file the file read
     * @param count number of labels
     * @param data the file's decompressed bytes; labels start at {@code offset}
     * @param offset index of the first label in {@code data}
     * @param sha256 SHA-256 of the file as stored (compressed if gzipped), lower-case hex
     */
    public record Labels(Path file, int count, byte[] data, int offset, String sha256) {

        /**
         * @param i label index
         * @return the label, 0 to 255
         */
        public int label(int i) {
            return data[offset + i] & 0xff;
        }
    }

    /**
     * Reads an image file.
     *
     * @param file a plain or gzipped IDX file with magic {@code 0x00000803}
     * @return its images
     * @throws UserInputException if the file is missing, unreadable or malformed
     */
    public static Images readImages(Path file) {
        Raw raw = read(file);
        ByteBuffer buf = header(file, raw.content, IMAGES_MAGIC, 3, "images [n, rows, cols]");
        int n = buf.getInt(4);
        int rows = buf.getInt(8);
        int cols = buf.getInt(12);
        if (n < 0 || rows <= 0 || cols <= 0) {
            throw new UserInputException("IDX image file " + file + " has invalid dimensions " + Integer.toUnsignedString(n)
                    + " x " + Integer.toUnsignedString(rows) + " x " + Integer.toUnsignedString(cols));
        }
        int offset = 16;
        long need = (long) n * rows * cols;
        checkLength(file, raw.content.length - offset, need,
                n + " images of " + rows + "x" + cols + " pixels (" + need + " bytes)");
        return new Images(file, n, rows, cols, raw.content, offset, raw.sha256);
    }

    /**
     * Reads a label file.
     *
     * @param file a plain or gzipped IDX file with magic {@code 0x00000801}
     * @return its labels
     * @throws UserInputException if the file is missing, unreadable or malformed
     */
    public static Labels readLabels(Path file) {
        Raw raw = read(file);
        ByteBuffer buf = header(file, raw.content, LABELS_MAGIC, 1, "labels [n]");
        int n = buf.getInt(4);
        if (n < 0) {
            throw new UserInputException("IDX label file " + file + " has an invalid label count "
                    + Integer.toUnsignedString(n));
        }
        int offset = 8;
        checkLength(file, raw.content.length - offset, n, n + " labels (" + n + " bytes)");
        return new Labels(file, n, raw.content, offset, raw.sha256);
    }

    private record Raw(byte[] content, String sha256) {}

    private static Raw read(Path file) {
        byte[] stored;
        try {
            stored = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserInputException("IDX file not found: " + file, e);
        } catch (AccessDeniedException e) {
            throw new UserInputException("cannot read IDX file " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new UserInputException("cannot read IDX file " + file + ": " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new UserInputException("IDX file " + file + " is too large to load into memory", e);
        }
        String sha = sha256(stored);
        if (stored.length >= 2 && (stored[0] & 0xff) == 0x1f && (stored[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(stored), 1 << 16)) {
                return new Raw(in.readAllBytes(), sha);
            } catch (EOFException e) {
                throw new UserInputException("gzipped IDX file " + file + " is truncated (the gzip stream ends early)", e);
            } catch (ZipException e) {
                throw new UserInputException("gzipped IDX file " + file + " is corrupt: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UserInputException("cannot decompress IDX file " + file + ": " + e.getMessage(), e);
            } catch (OutOfMemoryError e) {
                throw new UserInputException("IDX file " + file + " is too large to load into memory", e);
            }
        }
        return new Raw(stored, sha);
    }

    private static ByteBuffer header(Path file, byte[] content, int magic, int dims, String what) {
        int headerBytes = 4 + 4 * dims;
        if (content.length < 4) {
            throw new UserInputException("IDX file " + file + " is truncated: " + content.length
                    + " bytes, too short for the 4-byte magic number");
        }
        ByteBuffer buf = ByteBuffer.wrap(content);   // big-endian, as IDX is
        int found = buf.getInt(0);
        if (found != magic) {
            throw new UserInputException(String.format(
                    "IDX file %s has magic number 0x%08x, expected 0x%08x (unsigned-byte %s)%s",
                    file, found, magic, what, hint(found)));
        }
        if (content.length < headerBytes) {
            throw new UserInputException("IDX file " + file + " is truncated: " + content.length
                    + " bytes, but its header alone needs " + headerBytes);
        }
        return buf;
    }

    private static String hint(int found) {
        if (found == IMAGES_MAGIC) {
            return "; this is an image file, not a label file";
        }
        if (found == LABELS_MAGIC) {
            return "; this is a label file, not an image file";
        }
        if ((found >>> 16) != 0) {
            return "; this is not an IDX file";
        }
        return "";
    }

    private static void checkLength(Path file, long available, long need, String promised) {
        if (available < need) {
            throw new UserInputException("IDX file " + file + " is truncated: its header promises " + promised
                    + " but only " + available + " bytes follow the header");
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
