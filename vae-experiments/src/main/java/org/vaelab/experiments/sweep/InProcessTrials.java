package org.vaelab.experiments.sweep;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.vaelab.experiments.plugins.Framework;
import org.vaelab.experiments.run.JsonFiles;
import org.vaelab.experiments.run.RunStatus;
import org.vaelab.experiments.runner.ExperimentRunner;
import org.vaelab.experiments.runner.RunInterruptedException;
import org.vaelab.experiments.train.Progress;

/** Trials run in this process, one {@link ExperimentRunner} per trial (so several may run at once). */
public final class InProcessTrials implements TrialExecutor {

    private final Framework framework;
    private final PrintStream out;
    private final Progress progress;
    private final Supplier<String> stopRequest;
    private java.util.function.Consumer<Path> afterCheckpoint = dir -> {};

    /**
     * @param framework the started framework
     * @param out where the runs print
     * @param progress progress output (silent when trials run side by side)
     * @param stopRequest the stop signal once one arrived, else null
     */
    public InProcessTrials(Framework framework, PrintStream out, Progress progress, Supplier<String> stopRequest) {
        this.framework = framework;
        this.out = out;
        this.progress = progress;
        this.stopRequest = stopRequest;
    }

    /**
     * @param action called with a trial's run directory after each of its checkpoints (see
     *     {@link ExperimentRunner#afterCheckpoint})
     * @return this executor
     */
    public InProcessTrials afterCheckpoint(java.util.function.Consumer<Path> action) {
        this.afterCheckpoint = action;
        return this;
    }

    @Override
    public String execute(Trial trial) {
        Path previous = TrialExecutor.runDirectories(trial.sweepDir(), framework.json()).get(trial.configSha256());
        String status = previous == null ? null
                : RunStatus.of(previous, JsonFiles.read(framework.json(), previous.resolve("provenance.json")));
        List<String> runCommand = new ArrayList<>(trial.command());
        trial.variant().overrides().forEach(o -> runCommand.addAll(List.of("--set", o)));
        ExperimentRunner runner = new ExperimentRunner(framework, out, progress).stopWhen(stopRequest)
                .pauseAfterEpoch(trial.pauseAfterEpoch()).afterCheckpoint(afterCheckpoint);
        try {
            if (previous == null) {
                runner.run(trial.config(), trial.sweepDir(), runCommand);
            } else if ("completed".equals(status)) {
                out.println("sweep: " + previous.getFileName() + " already completed, skipped");
            } else if ("running".equals(status)) {
                return previous + " is being trained by another process";
            } else if (trial.pauseAfterEpoch() > 0 && trial.rungKey() != null
                    && TrialExecutor.metricAt(previous, trial.pauseAfterEpoch(), trial.rungKey(), framework.json()) != null) {
                out.println("sweep: " + previous.getFileName() + " already at epoch " + trial.pauseAfterEpoch() + ", skipped");
            } else {                             // interrupted, stale, failed or paused: continue from its checkpoint
                out.println("sweep: continuing " + previous.getFileName() + " (" + status + ")");
                runner.resume(previous, null, runCommand);
            }
            return null;
        } catch (RunInterruptedException e) {
            if ("paused".equals(e.status())) {
                return null;                             // reached its rung
            }
            throw e;                                     // a stop signal ends the sweep, after the run's checkpoint
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }
}
