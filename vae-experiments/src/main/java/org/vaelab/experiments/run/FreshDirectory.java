package org.vaelab.experiments.run;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.vaelab.api.UserInputException;

/** Creates a new, timestamped directory, never reusing an existing one (so no finished result is overwritten). */
public final class FreshDirectory {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'")
            .withZone(ZoneOffset.UTC);

    private FreshDirectory() {}

    /** Fills a directory before it appears under its final name. */
    @FunctionalInterface
    public interface Contents {
        /**
         * @param dir the hidden directory to fill
         * @throws IOException on failure
         */
        void write(Path dir) throws IOException;
    }

    /**
     * A new directory that appears complete or not at all: the name is claimed with an empty directory, the
     * contents are written into a hidden sibling, which is then renamed over the claimed one in one step (a
     * rename may replace an empty directory). A kill in between leaves an empty directory, never a
     * half-made one.
     *
     * @param root the parent folder (created if missing)
     * @param suffix what follows the UTC time in the name
     * @param what what the directory is for, for the error message
     * @param contents writes the files
     * @return the new directory
     */
    public static Path create(Path root, String suffix, String what, Contents contents) {
        Path claimed = create(root, suffix, what);
        Path partial = claimed.resolveSibling("." + claimed.getFileName() + ".partial");
        try {
            Files.createDirectory(partial);
            contents.write(partial);
            FailPoints.reach("run-directory/filled");
            Files.move(partial, claimed, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return claimed;
        } catch (IOException e) {
            throw new UserInputException("cannot create the " + what + " directory " + claimed + ": " + reason(e, root), e);
        }
    }

    /**
     * @param root the parent folder (created if missing)
     * @param suffix what follows the UTC time in the name, e.g. {@code quickstart_3f9c2a1b}
     * @param what what the directory is for, for the error message
     * @return the new directory, {@code <root>/<UTC time>_<suffix>} or with {@code -2}, {@code -3}... appended
     */
    public static Path create(Path root, String suffix, String what) {
        String base = TIME.format(Instant.now()) + "_" + suffix;
        try {
            Files.createDirectories(root);
            for (int attempt = 1; ; attempt++) {
                try {
                    return Files.createDirectory(root.resolve(attempt == 1 ? base : base + "-" + attempt));
                } catch (FileAlreadyExistsException e) {      // taken: try the next name, never reuse it
                    if (attempt > 1000) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw new UserInputException("cannot create a " + what + " directory under " + root + ": " + reason(e, root), e);
        }
    }

    /**
     * A directory with a fixed name, created if missing and reused if present (a sweep folder, which the same
     * command continues).
     *
     * @param root the parent folder (created if missing)
     * @param name the directory's name
     * @param what what the directory is for, for the error message
     * @return the directory
     */
    public static Path createOrReuse(Path root, String name, String what) {
        try {
            return Files.createDirectories(root.resolve(name));
        } catch (IOException e) {
            throw new UserInputException("cannot create a " + what + " directory under " + root + ": " + reason(e, root), e);
        }
    }

    /**
     * @param dir a directory
     * @return whether it has no entries (a run directory claimed by a process killed before it was filled)
     */
    public static boolean isEmpty(Path dir) {
        try (java.util.stream.Stream<Path> children = Files.list(dir)) {
            return children.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** @return why: "X is a file, not a directory", "permission denied", "read-only file system", ... */
    private static String reason(IOException e, Path root) {
        Path inTheWay = IoErrors.fileInTheWay(root);
        if (inTheWay != null) {
            return inTheWay + " is a file, not a directory";
        }
        if (e instanceof FileSystemException f && f.getFile() != null
                && !f.getFile().equals(root.toString())) {
            return IoErrors.describeWithFile(e);
        }
        return IoErrors.describe(e);
    }
}
