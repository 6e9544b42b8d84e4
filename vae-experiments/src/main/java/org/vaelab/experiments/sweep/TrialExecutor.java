package org.vaelab.experiments.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vaelab.api.UserInputException;
import org.vaelab.experiments.config.ExperimentConfig;
import org.vaelab.experiments.run.IoErrors;
import org.vaelab.experiments.run.JsonFiles;

/**
 * Runs the trials of a sweep: a resolved config in, a run directory in the sweep folder out, found again by
 * its config hash. The in-process executor ({@link InProcessTrials}) is the default; a cluster executor is
 * another implementation of the same contract. An executor continues a trial that already has a run
 * directory (interrupted, stale, failed or paused) from its checkpoint, and never duplicates one.
 */
public interface TrialExecutor extends AutoCloseable {

    /**
     * One trial to bring somewhere.
     *
     * @param sweepDir the sweep folder its run directory goes in
     * @param config the resolved config
     * @param configSha256 its hash, which finds its run directory again
     * @param variant its place in the sweep (name, values), for the command it records
     * @param command the sweep's command line
     * @param pauseAfterEpoch stop after this many epochs with status {@code paused} (a successive-halving rung),
     *     or 0 to train to the end
     * @param rungKey the metrics.jsonl key whose value at {@code pauseAfterEpoch} shows the rung was reached
     *     already, or null
     */
    record Trial(Path sweepDir, ExperimentConfig config, String configSha256, SweepPlan.Variant variant,
            List<String> command, int pauseAfterEpoch, String rungKey) {}

    /**
     * @param trial what to run
     * @return null when the trial got where it was asked to (the end, or its rung), else why not
     * @throws org.vaelab.experiments.runner.RunInterruptedException when a stop signal stopped it (after its checkpoint)
     */
    String execute(Trial trial);

    /**
     * Runs a round of trials (a sweep's trials, or one successive-halving rung): a cluster executor runs them
     * at once, as one job. The default runs them one after another.
     *
     * @param trials what to run
     * @return per trial, in order: null when it got where it was asked to, else why not
     * @throws org.vaelab.experiments.runner.RunInterruptedException when a stop signal stopped them
     */
    default List<String> executeAll(List<Trial> trials) {
        List<String> outcomes = new java.util.ArrayList<>();
        for (Trial t : trials) {
            outcomes.add(execute(t));
        }
        return outcomes;
    }

    /**
     * @param requested the sweep's {@code --out}
     * @return the local folder the sweep folder is made in: {@code --out} itself, or the local mirror of a remote
     *     output root (an executor that writes runs to a Hadoop file system URL)
     */
    default Path localOutputRoot(String requested) {
        return Path.of(requested);
    }

    /**
     * @param output an {@code --out} value
     * @return whether it is a URL with a scheme ({@code hdfs://nn/runs}, {@code s3a://bucket/runs}) rather than a folder
     */
    static boolean isUrl(String output) {
        return output.matches("[A-Za-z][A-Za-z0-9+.-]+:/.*");
    }

    /** Releases what the executor holds (a cluster connection); trials in this process hold nothing. */
    @Override
    default void close() {}

    /**
     * @param sweepDir a sweep folder
     * @param mapper reads the provenance files
     * @return its run directories by config hash (an empty one, left by a kill while it was made, is not listed)
     */
    static Map<String, Path> runDirectories(Path sweepDir, ObjectMapper mapper) {
        Map<String, Path> runs = new LinkedHashMap<>();
        try (java.util.stream.Stream<Path> children = Files.list(sweepDir)) {
            for (Path child : children.sorted().toList()) {
                if (Files.isRegularFile(child.resolve("provenance.json"))) {
                    try {
                        runs.put(JsonFiles.read(mapper, child.resolve("provenance.json")).path("configSha256").asText(), child);
                    } catch (UserInputException e) {
                        // a damaged provenance: not a run the sweep can continue; table lists it with the reason
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new UserInputException("cannot list " + sweepDir + ": " + IoErrors.describe(e), e);
        }
        return runs;
    }

    /**
     * @param run a run directory
     * @param epoch an epoch
     * @param key a metrics.jsonl key such as {@code test/negElbo}
     * @param mapper reads the lines
     * @return the value logged under {@code key} on the line of that epoch, or null
     */
    static Double metricAt(Path run, int epoch, String key, ObjectMapper mapper) {
        try {
            for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
                if (line.isBlank()) {
                    continue;
                }
                var node = mapper.readTree(line);
                if (node.path("epoch").asInt() == epoch && node.has(key)) {
                    return node.get(key).asDouble();
                }
            }
            return null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
