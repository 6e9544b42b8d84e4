package org.vaelab.cluster.spark.remote;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.function.Function;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.vaelab.experiments.sweep.InProcessTrials;
import org.vaelab.experiments.sweep.TrialExecutor;

/**
 * A trial whose run directory lives on a Hadoop file system, run on an executor: the run is staged in a local
 * scratch folder (training writes many small files and relies on local renames and locks), copied up after each
 * checkpoint so that a retried attempt continues it, and published whole when it ends. See {@link RemoteLayout}.
 */
public final class RemoteTrial {

    private final HadoopFolders remote;
    private final RemoteLayout layout;
    private final String configSha256;
    private final String publishedName;
    private final PrintStream out;

    /**
     * @param remote the file system of the sweep folder
     * @param sweepUrl the sweep folder's URL
     * @param configSha256 the trial's config hash
     * @param publishedName the name of its ended run directory in the sweep folder, as the driver last saw it, or null
     * @param out where to say what happens
     */
    public RemoteTrial(HadoopFolders remote, String sweepUrl, String configSha256, String publishedName, PrintStream out) {
        this.remote = remote;
        this.layout = new RemoteLayout(new Path(sweepUrl));
        this.configSha256 = configSha256;
        this.publishedName = publishedName;
        this.out = out;
    }

    /**
     * @param trialIn the trial, given the local sweep folder it is staged in
     * @param trials runs it
     * @param json reads provenance files
     * @return null when it got where it was asked to, else why not
     * @throws IOException when the remote file system fails
     */
    public String execute(Function<java.nio.file.Path, TrialExecutor.Trial> trialIn, InProcessTrials trials,
            ObjectMapper json) throws IOException {
        java.nio.file.Path scratch = Files.createTempDirectory("vaelab-trial-");
        try {
            java.nio.file.Path localSweep = Files.createDirectories(scratch.resolve(layout.sweep().getName()));
            Stored start = newest();
            if (start != null) {
                remote.download(start.path(), localSweep.resolve(start.runName()), RemoteLayout.TEMPORARY);
            }
            boolean[] checkpointed = {false};
            String outcome = trials.afterCheckpoint(dir -> {
                saveState(dir);
                checkpointed[0] = true;
            }).execute(trialIn.apply(localSweep));
            java.nio.file.Path run = TrialExecutor.runDirectories(localSweep, json).get(configSha256);
            boolean skipped = outcome == null && start != null && start.ended() && !checkpointed[0];
            if (run != null && !skipped) {
                publish(run);
            }
            return outcome;
        } finally {
            HadoopFolders.deleteLocal(scratch);
        }
    }

    /** A run directory found remotely: its place and its name. */
    private record Stored(Path path, String runName, boolean ended) {}

    /** @return the trial's newest run directory: its checkpointed state, else its ended one, else null */
    private Stored newest() throws IOException {
        for (FileStatus s : remote.children(layout.state(configSha256))) {
            String name = s.getPath().getName();
            if (s.isDirectory() && !name.startsWith(".")) {
                return new Stored(s.getPath(), name, false);
            }
        }
        // a replacement cut short between its two renames leaves the earlier state aside
        for (FileStatus s : remote.children(layout.state(configSha256))) {
            String name = s.getPath().getName();
            int aside = name.indexOf(HadoopFolders.REPLACED);
            if (s.isDirectory() && name.startsWith(".") && aside > 0) {
                return new Stored(s.getPath(), name.substring(1, aside), false);
            }
        }
        if (publishedName != null && remote.fileSystem().exists(layout.run(publishedName))) {
            return new Stored(layout.run(publishedName), publishedName, true);
        }
        return null;
    }

    /** Copies the run directory, just checkpointed, to the trial's state, where a retried attempt finds it. */
    private void saveState(java.nio.file.Path dir) {
        try {
            if (claim(dir.getFileName().toString())) {
                remote.replace(dir, new Path(layout.state(configSha256), dir.getFileName().toString()), RemoteLayout.TEMPORARY);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the checkpoint of " + dir.getFileName() + " to " + layout.sweep(), e);
        }
    }

    /** Puts the ended run directory in the sweep folder and drops the trial's state. */
    private void publish(java.nio.file.Path run) throws IOException {
        String name = run.getFileName().toString();
        if (!claim(name)) {
            return;
        }
        remote.replace(run, layout.run(name), RemoteLayout.TEMPORARY);
        remote.delete(layout.state(configSha256));
    }

    /**
     * @param runName this attempt's run directory
     * @return whether it is the trial's run directory: the first name written wins, unless the run it names exists
     *     nowhere (its attempt died before its first checkpoint reached the file system)
     */
    private boolean claim(String runName) throws IOException {
        String owner = remote.writeOnce(layout.name(configSha256), runName);
        if (owner.equals(runName)) {
            return true;
        }
        boolean ownerExists = remote.fileSystem().exists(layout.run(owner))
                || remote.fileSystem().exists(new Path(layout.state(configSha256), owner));
        if (!ownerExists) {
            remote.delete(layout.name(configSha256));
            return remote.writeOnce(layout.name(configSha256), runName).equals(runName);
        }
        out.println("note: another attempt of this trial keeps " + owner + "; " + runName + " is not published");
        return false;
    }
}
