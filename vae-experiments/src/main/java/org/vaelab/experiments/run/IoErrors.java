package org.vaelab.experiments.run;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Says why a file operation failed in words a user can act on. Java's file exceptions often carry only a
 * path as their message ({@link AccessDeniedException}'s is just the file), and the operating system's
 * reason ("Read-only file system", "No space left on device") sits in {@link FileSystemException#getReason()}.
 */
public final class IoErrors {

    private IoErrors() {}

    /**
     * @param e a failed file operation
     * @return the reason, lower case, without the path: "permission denied", "no such file or directory",
     *     "already exists", "not a directory", "read-only file system", "no space left on device", ...
     */
    public static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (e instanceof FileSystemLoopException) {
            return "symbolic links form a loop";
        }
        if (e instanceof CharacterCodingException) {
            return "not valid UTF-8 text";
        }
        if (e instanceof FileSystemException f && f.getReason() != null && !f.getReason().isBlank()) {
            return reason(f.getReason());
        }
        if (e instanceof FileSystemException f) {
            return f.getFile() == null ? e.getClass().getSimpleName() : "cannot access " + f.getFile();
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : reason(message);
    }

    /**
     * @param e a failed file operation
     * @return {@link #describe(IOException)}, followed by the file it concerns when Java names one
     *     (": /runs/x"), for operations that touch more than one path
     */
    public static String describeWithFile(IOException e) {
        String reason = describe(e);
        if (e instanceof FileSystemException f && f.getFile() != null && !reason.contains(f.getFile())) {
            return reason + ": " + f.getFile();
        }
        return reason;
    }

    /**
     * @param path a directory that could not be created
     * @return the component of {@code path} (itself or a parent) that exists but is not a directory, so
     *     that no directory can be created there; null when there is none
     */
    public static Path fileInTheWay(Path path) {
        for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return Files.isDirectory(p) ? null : p;
            }
        }
        return null;
    }

    /** The operating system's words ("Read-only file system") in lower case. */
    private static String reason(String text) {
        return text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
    }
}
