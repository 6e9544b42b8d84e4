package org.vaelab.cluster.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.TaskContext;
import org.vaelab.api.UserInputException;
import org.vaelab.cluster.spark.remote.HadoopFolders;
import org.vaelab.cluster.spark.remote.RemoteTrial;
import org.vaelab.experiments.config.ConfigLoader;
import org.vaelab.experiments.config.ExperimentConfig;
import org.vaelab.experiments.plugins.Framework;
import org.vaelab.experiments.sweep.InProcessTrials;
import org.vaelab.experiments.sweep.SweepPlan;
import org.vaelab.experiments.sweep.TrialExecutor;
import org.vaelab.experiments.train.Progress;

/**
 * One trial as a Spark task: what the driver's {@link TrialExecutor.Trial} holds, in serializable form (the config
 * as its canonical JSON, which the executor binds again with its own framework). On the executor it runs the
 * in-process trial logic, so a retried attempt continues the run directory an earlier attempt left, from its
 * checkpoint, instead of making a second one.
 *
 * @param sweepDir the sweep folder, absolute (executors do not share the driver's working directory)
 * @param configJson the resolved config's canonical JSON
 * @param configSha256 its hash, which finds its run directory
 * @param variantName the variant's name
 * @param assignments the variant's values by path, in axis order
 * @param command the sweep's command line, for the record
 * @param pauseAfterEpoch the rung's epochs, or 0 to train to the end
 * @param rungKey the metric that shows a rung was reached, or null
 * @param printRuns whether the runs print to the executor's standard output (its log on a cluster); the
 *     embedded local master shares the user's terminal, where side-by-side runs would interleave
 * @param remoteSweep the sweep folder's URL on a Hadoop file system (then {@code sweepDir} is the driver's mirror of
 *     it), or null when the sweep folder is a folder every executor mounts
 * @param publishedName the trial's ended run directory in the remote sweep folder, as the driver last saw it, or null
 */
record TrialTask(String sweepDir, String configJson, String configSha256, String variantName,
        LinkedHashMap<String, String> assignments, ArrayList<String> command, int pauseAfterEpoch, String rungKey,
        boolean printRuns, String remoteSweep, String publishedName) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * @param trial a trial on the driver
     * @param configJson its config's canonical JSON
     * @param printRuns whether its run prints to the executor's standard output
     * @param remoteSweep the sweep folder's URL on a Hadoop file system, or null
     * @param publishedName the trial's ended run directory there, or null
     * @return the task
     */
    static TrialTask of(TrialExecutor.Trial trial, String configJson, boolean printRuns, String remoteSweep,
            String publishedName) {
        return new TrialTask(trial.sweepDir().toAbsolutePath().toString(), configJson, trial.configSha256(),
                trial.variant().name(), new LinkedHashMap<>(trial.variant().assignments()), new ArrayList<>(trial.command()),
                trial.pauseAfterEpoch(), trial.rungKey(), printRuns, remoteSweep, publishedName);
    }

    /**
     * Runs the trial on this executor.
     *
     * @return null when it got where it was asked to, else why not
     */
    String run() {
        Framework framework = ExecutorFramework.get();
        Path dir = Path.of(sweepDir);
        String where = "executor " + Hosts.describe();
        if (remoteSweep == null && !Files.isDirectory(dir)) {
            return "the sweep folder " + dir + " is not on the file system of " + where + "; --out must be a folder "
                    + "that every executor mounts at the same path, or a Hadoop file system URL (docs/cluster.md)";
        }
        ConfigLoader loader = new ConfigLoader(framework);
        ExperimentConfig config;
        try {
            config = loader.fromTree(framework.json().readTree(configJson), "the trial's config");
        } catch (UserInputException | JsonProcessingException e) {
            return "its config does not load on " + where + ": " + e.getMessage() + " (executors find plugins on their "
                    + "own class path; ship plugin jars with --conf spark.jars=...)";
        }
        if (!loader.sha256(config).equals(configSha256)) {
            return "its config resolves differently on " + where + " (another vaelab or plugin version there)";
        }
        PrintStream out = printRuns ? System.out : new PrintStream(OutputStream.nullOutputStream());
        TaskContext task = TaskContext.get();
        if (task != null && task.cpus() < config.training().threads()) {
            out.println("note: the trial trains with " + config.training().threads() + " threads on a task of "
                    + task.cpus() + " cores (spark.task.cpus); its threads share those cores");
        }
        // a killed task (the job cancelled on Ctrl-C) stops like a signalled run: after a checkpoint
        Supplier<String> stop = () -> task != null && task.isInterrupted() ? "SIGTERM" : null;
        InProcessTrials trials = new InProcessTrials(framework, out, Progress.silent(), stop);
        if (remoteSweep != null) {
            try {
                return new RemoteTrial(HadoopFolders.open(remoteSweep, ExecutorHadoop.conf()), remoteSweep, configSha256,
                        publishedName, out).execute(localSweep -> trialIn(localSweep, config), trials, framework.json());
            } catch (IOException e) {
                return "cannot copy its run directory to or from " + remoteSweep + " on " + where + ": " + e.getMessage();
            }
        }
        TrialClaim claim = TrialClaim.acquire(dir, configSha256);
        try {
            return trials.execute(trialIn(dir, config));
        } finally {
            claim.close();
        }
    }

    private TrialExecutor.Trial trialIn(Path dir, ExperimentConfig config) {
        return new TrialExecutor.Trial(dir, config, configSha256, new SweepPlan.Variant(variantName, assignments), command,
                pauseAfterEpoch, rungKey);
    }
}
