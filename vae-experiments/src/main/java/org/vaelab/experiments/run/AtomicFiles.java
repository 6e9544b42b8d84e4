package org.vaelab.experiments.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a reader (or a crash) never sees a half-written one: write a temporary file in
 * the same folder, force it to disk, then rename it over the target in one atomic step.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** Writes the bytes a writer produces. */
    @FunctionalInterface
    public interface Writer {
        /**
         * @param out the stream to write to
         * @throws IOException on failure
         */
        void write(OutputStream out) throws IOException;
    }

    /** Writes a file's content to the path it is given. */
    @FunctionalInterface
    public interface FileWriter {
        /**
         * @param file the (temporary) file to write
         * @throws IOException on failure
         */
        void write(Path file) throws IOException;
    }

    /**
     * @param target the file to (re)place
     * @param text its new content, UTF-8
     */
    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * @param target the file to (re)place
     * @param writer produces the content
     */
    public static void write(Path target, Writer writer) {
        writeFile(target, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
                writer.write(out);
            }
        });
    }

    /**
     * For libraries that write to a file themselves (such as {@code SameDiff.save}).
     *
     * @param target the file to (re)place
     * @param writer writes the content to the temporary file it is given
     */
    public static void writeFile(Path target, FileWriter writer) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            readableByAll(tmp);
            writer.write(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            moveIntoPlace(tmp, target);
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary file is hidden and harmless; the original error matters
                }
            }
        }
    }

    /**
     * A temporary file is created readable by its owner only; the files it becomes (a run's records, a report)
     * are meant to be read by others, as files written directly are.
     */
    private static void readableByAll(Path tmp) {
        try {
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: its defaults apply
        }
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
