package org.vaelab.cluster.spark.remote;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.vaelab.api.UserInputException;

/**
 * Folders copied between this machine and a Hadoop file system (HDFS, S3A, ABFS, ...), keeping the run directory's
 * guarantee there: a folder appears whole or not at all. It is copied beside its place under a hidden name, then
 * renamed into it; a folder it replaces is renamed aside first and deleted last, so a reader finds the old one, the
 * new one, or (for a moment) neither, never a mixture. HDFS renames atomically; object stores emulate rename by
 * copying, which shortens but does not remove the window in which a kill leaves a hidden partial copy.
 */
public final class HadoopFolders {

    /** Marks the hidden copies a write makes beside its target. */
    static final String UPLOAD = ".upload-";
    /** Marks a replaced folder between the two renames of a replacement. */
    static final String REPLACED = ".replaced-";

    private final FileSystem fs;

    HadoopFolders(FileSystem fs) {
        this.fs = fs;
    }

    /**
     * @param url a folder's URL, e.g. {@code hdfs://namenode:8020/runs}
     * @param conf Hadoop's configuration (Spark's, with the {@code spark.hadoop.*} settings)
     * @return the folders of its file system
     * @throws UserInputException when no file system serves the URL's scheme, or it cannot be reached
     */
    public static HadoopFolders open(String url, Configuration conf) {
        URI uri = requireFileSystem(url, conf);
        try {
            return new HadoopFolders(FileSystem.get(uri, conf));
        } catch (IOException | RuntimeException e) {
            throw new UserInputException("--out " + url + ": cannot open it: " + firstLine(e), e);
        }
    }

    /**
     * @param url a folder's URL
     * @param conf Hadoop's configuration
     * @return the URL, once a file system class serves its scheme (checked before anything is written anywhere)
     * @throws UserInputException when none does, or the URL is malformed
     */
    public static URI requireFileSystem(String url, Configuration conf) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new UserInputException("--out " + url + ": not a URL: " + e.getMessage(), e);
        }
        try {
            FileSystem.getFileSystemClass(uri.getScheme(), conf);
            return uri;
        } catch (IOException | RuntimeException e) {
            throw new UserInputException("--out " + url + ": no Hadoop file system for '" + uri.getScheme() + "://' on the "
                    + "class path (S3 needs hadoop-aws, Azure hadoop-azure; HDFS comes with Spark), or set its "
                    + "spark.hadoop.fs." + uri.getScheme() + ".impl", e);
        }
    }

    /** @return the file system */
    FileSystem fileSystem() {
        return fs;
    }

    /**
     * Puts a local folder at {@code target}, replacing whatever is there.
     *
     * @param local the local folder
     * @param target where it goes
     * @param skip relative paths (with '/') left out, e.g. hidden temporary files
     * @throws IOException when the file system fails
     */
    public void replace(java.nio.file.Path local, Path target, Predicate<String> skip) throws IOException {
        String token = token();
        Path upload = beside(target, UPLOAD, token);
        copyUp(local, upload, "", skip);
        if (fs.exists(target)) {
            Path aside = beside(target, REPLACED, token);
            rename(target, aside);
            rename(upload, target);
            fs.delete(aside, true);
        } else {
            rename(upload, target);
        }
    }

    /**
     * Puts a local file at {@code target}, replacing what is there (the sweep's own files: a reader sees the old or
     * the new one).
     *
     * @param local the file
     * @param target where it goes
     * @throws IOException when the file system fails
     */
    public void replaceFile(java.nio.file.Path local, Path target) throws IOException {
        Path upload = beside(target, UPLOAD, token());
        try (InputStream in = Files.newInputStream(local); OutputStream out = fs.create(upload, false)) {
            in.transferTo(out);
        }
        if (fs.exists(target)) {
            fs.delete(target, false);
        }
        rename(upload, target);
    }

    /**
     * Copies a remote folder here, replacing the local folder: the copy is made beside it and moved into place.
     *
     * @param source the remote folder
     * @param local where it goes
     * @param skip relative paths (with '/') left out, e.g. {@code checkpoint} for a copy that only reports
     * @throws IOException when the file system fails
     */
    public void download(Path source, java.nio.file.Path local, Predicate<String> skip) throws IOException {
        java.nio.file.Path partial = local.resolveSibling("." + local.getFileName() + ".download");
        deleteLocal(partial);
        copyDown(source, partial, "", skip);
        deleteLocal(local);
        Files.move(partial, local, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * @param dir a remote folder
     * @return its children, sorted by name; none when it does not exist
     * @throws IOException when the file system fails
     */
    public List<FileStatus> children(Path dir) throws IOException {
        try {
            List<FileStatus> children = new ArrayList<>(List.of(fs.listStatus(dir)));
            children.sort(Comparator.comparing(s -> s.getPath().getName()));
            return children;
        } catch (FileNotFoundException e) {
            return List.of();
        }
    }

    /**
     * Writes a small file only if none is there: HDFS's create without overwrite is atomic, so of two writers one
     * wins.
     *
     * @param file the file
     * @param text its content
     * @return the file's content after the call: {@code text}, or the earlier writer's
     * @throws IOException when the file system fails
     */
    public String writeOnce(Path file, String text) throws IOException {
        try (OutputStream out = fs.create(file, false)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            return text;
        } catch (FileAlreadyExistsException e) {
            return readString(file);
        } catch (IOException e) {
            if (fs.exists(file)) {            // some file systems report the clash as a plain IOException
                return readString(file);
            }
            throw e;
        }
    }

    /**
     * @param file a remote file
     * @return its content, or null when it does not exist
     * @throws IOException when the file system fails
     */
    public String readString(Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    /**
     * @param path a remote file or folder, deleted with what it holds
     * @throws IOException when the file system fails
     */
    public void delete(Path path) throws IOException {
        fs.delete(path, true);
    }

    /** @return a hidden name beside {@code target}: {@code .<name><marker><token>} */
    private static Path beside(Path target, String marker, String token) {
        return new Path(target.getParent(), "." + target.getName() + marker + token);
    }

    private static String token() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("cannot rename " + from + " to " + to);
        }
    }

    private void copyUp(java.nio.file.Path local, Path remote, String relative, Predicate<String> skip) throws IOException {
        fs.mkdirs(remote);
        try (Stream<java.nio.file.Path> children = Files.list(local)) {
            for (java.nio.file.Path child : children.sorted().toList()) {
                String name = relative + child.getFileName();
                if (skip.test(name)) {
                    continue;
                }
                Path target = new Path(remote, child.getFileName().toString());
                if (Files.isDirectory(child)) {
                    copyUp(child, target, name + "/", skip);
                } else {
                    try (InputStream in = Files.newInputStream(child); OutputStream out = fs.create(target, true)) {
                        in.transferTo(out);
                    }
                }
            }
        }
    }

    private void copyDown(Path remote, java.nio.file.Path local, String relative, Predicate<String> skip) throws IOException {
        Files.createDirectories(local);
        for (FileStatus child : children(remote)) {
            String name = relative + child.getPath().getName();
            if (skip.test(name)) {
                continue;
            }
            java.nio.file.Path target = local.resolve(child.getPath().getName());
            if (child.isDirectory()) {
                copyDown(child.getPath(), target, name + "/", skip);
            } else {
                try (InputStream in = fs.open(child.getPath())) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** @param dir a local folder, deleted with what it holds if it exists */
    public static void deleteLocal(java.nio.file.Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<java.nio.file.Path> walk = Files.walk(dir)) {
            for (java.nio.file.Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse("").strip();
    }
}
