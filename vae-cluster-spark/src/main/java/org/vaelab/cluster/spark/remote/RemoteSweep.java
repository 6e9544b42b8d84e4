package org.vaelab.cluster.spark.remote;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.vaelab.api.UserInputException;
import org.vaelab.experiments.run.JsonFiles;
import org.vaelab.experiments.run.RunStatus;

/**
 * The driver's side of a sweep whose output root is a Hadoop file system URL. The sweep runner works on a local
 * mirror of the sweep folder: before and after each round the driver copies the ended run directories down (without
 * their checkpoints, which only the executors need) so that the table, the ranking of a rung and the report read
 * them as in a local sweep, and copies the sweep's own files (sweep.json, table.md, search.json) up.
 */
public final class RemoteSweep {

    /** The sweep folder's files the driver writes. */
    private static final List<String> SWEEP_FILES = List.of("sweep.json", "table.md", "search.json");

    private final String rootUrl;
    private final java.nio.file.Path mirrorRoot;
    private HadoopFolders remote;

    /**
     * @param rootUrl {@code --out}, a URL
     * @param mirrorRoot the local folder that mirrors it
     */
    public RemoteSweep(String rootUrl, java.nio.file.Path mirrorRoot) {
        this.rootUrl = rootUrl.endsWith("/") ? rootUrl.substring(0, rootUrl.length() - 1) : rootUrl;
        this.mirrorRoot = mirrorRoot;
    }

    /**
     * @param rootUrl {@code --out}, a URL
     * @return the default mirror: {@code ~/.cache/vaelab/mirror/<scheme>/<authority>/<path>}, so the same command on
     *     the same machine finds its sweep folder again
     */
    public static java.nio.file.Path defaultMirror(String rootUrl) {
        URI uri = URI.create(rootUrl);
        java.nio.file.Path mirror = java.nio.file.Path.of(System.getProperty("user.home"), ".cache", "vaelab", "mirror",
                uri.getScheme(), uri.getAuthority() == null ? "_" : uri.getAuthority().replace(':', '_'));
        for (String part : uri.getPath().split("/")) {
            if (!part.isEmpty() && !part.equals("..") && !part.equals(".")) {
                mirror = mirror.resolve(part);
            }
        }
        return mirror;
    }

    /** @return the local folder the sweep folder is mirrored in */
    public java.nio.file.Path mirrorRoot() {
        return mirrorRoot;
    }

    /**
     * @param localSweep the mirrored sweep folder
     * @return its URL
     */
    public String sweepUrl(java.nio.file.Path localSweep) {
        return rootUrl + "/" + localSweep.getFileName();
    }

    /**
     * Opens the file system and makes the sweep folder there; the first call also copies what an earlier
     * command left there down, so that the sweep continues it.
     *
     * @param localSweep the mirrored sweep folder
     * @param conf Hadoop's configuration
     * @param json reads provenance files
     * @return whether this was the first call
     */
    public boolean open(java.nio.file.Path localSweep, Configuration conf, ObjectMapper json) {
        if (remote != null) {
            return false;
        }
        remote = HadoopFolders.open(rootUrl, conf);
        try {
            remote.fileSystem().mkdirs(new Path(sweepUrl(localSweep)));
        } catch (IOException e) {
            throw new UserInputException("--out " + rootUrl + ": cannot make the sweep folder there: "
                    + HadoopFolders.firstLine(e), e);
        }
        pull(localSweep, json);
        return true;
    }

    /** @return the remote folders, once opened */
    public HadoopFolders folders() {
        return remote;
    }

    /**
     * Copies the ended run directories down, without checkpoints; a completed run already mirrored is not copied
     * again (it never changes).
     *
     * @param localSweep the mirrored sweep folder
     * @param json reads provenance files
     */
    public void pull(java.nio.file.Path localSweep, ObjectMapper json) {
        try {
            for (FileStatus s : remote.children(new Path(sweepUrl(localSweep)))) {
                String name = s.getPath().getName();
                java.nio.file.Path local = localSweep.resolve(name);
                if (!s.isDirectory() || name.startsWith(".") || completed(local, json)) {
                    continue;
                }
                remote.download(s.getPath(), local,
                        path -> path.equals("checkpoint") || path.startsWith("checkpoint/") || RemoteLayout.TEMPORARY.test(path));
            }
        } catch (IOException e) {
            throw new UserInputException("cannot copy the runs of " + sweepUrl(localSweep) + " to " + localSweep + ": "
                    + HadoopFolders.firstLine(e), e);
        }
    }

    /**
     * Copies the sweep's own files up (those that exist).
     *
     * @param localSweep the mirrored sweep folder
     */
    public void push(java.nio.file.Path localSweep) {
        try {
            for (String file : SWEEP_FILES) {
                if (Files.isRegularFile(localSweep.resolve(file))) {
                    remote.replaceFile(localSweep.resolve(file), new Path(sweepUrl(localSweep), file));
                }
            }
        } catch (IOException e) {
            throw new UserInputException("cannot copy the sweep's files to " + sweepUrl(localSweep) + ": "
                    + HadoopFolders.firstLine(e), e);
        }
    }

    /**
     * Deletes the hidden partial copies that killed attempts left. Only when no task runs: a running task's
     * copy under way looks the same.
     *
     * @param localSweep the mirrored sweep folder
     * @return how many were deleted
     */
    public int removeLeftovers(java.nio.file.Path localSweep) {
        Path sweep = new Path(sweepUrl(localSweep));
        int removed = 0;
        try {
            List<Path> folders = new java.util.ArrayList<>(List.of(sweep, new RemoteLayout(sweep).trials()));
            for (FileStatus s : remote.children(new RemoteLayout(sweep).trials())) {
                if (s.isDirectory()) {
                    folders.add(s.getPath());
                }
            }
            for (Path folder : folders) {
                for (FileStatus s : remote.children(folder)) {
                    String name = s.getPath().getName();
                    // a replaced folder is the only copy of its state while its replacement is missing
                    int aside = name.indexOf(HadoopFolders.REPLACED);
                    boolean replaced = aside > 0 && remote.fileSystem().exists(new Path(folder, name.substring(1, aside)));
                    if (name.startsWith(".") && (name.contains(HadoopFolders.UPLOAD) || replaced)) {
                        remote.delete(s.getPath());
                        removed++;
                    }
                }
            }
        } catch (IOException e) {
            // leftovers are hidden and harmless; the next sweep command tries again
        }
        return removed;
    }

    private static boolean completed(java.nio.file.Path run, ObjectMapper json) {
        java.nio.file.Path provenance = run.resolve("provenance.json");
        try {
            return Files.isRegularFile(provenance) && "completed".equals(RunStatus.of(run, JsonFiles.read(json, provenance)));
        } catch (UserInputException e) {
            return false;
        }
    }
}
