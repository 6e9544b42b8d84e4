package org.vaelab.experiments.sweep;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vaelab.api.UserInputException;
import org.vaelab.experiments.config.ConfigLoader;
import org.vaelab.experiments.config.ExperimentConfig;
import org.vaelab.experiments.plugins.Framework;
import org.vaelab.experiments.table.AblationTable;
import org.vaelab.experiments.run.AtomicFiles;
import org.vaelab.experiments.run.FreshDirectory;
import org.vaelab.experiments.runner.ExperimentRunner;
import org.vaelab.experiments.runner.RunInterruptedException;
import org.vaelab.experiments.train.Progress;

/**
 * Runs a sweep into one folder:
 * <pre>
 * &lt;out&gt;/&lt;UTC time&gt;_sweep_&lt;name&gt;/
 *   sweep.json        the base config, overrides, grid and planned runs
 *   &lt;run directories&gt;  one per variant, as written by {@code vaelab train}
 *   table.md          the ablation table, rewritten after every run
 * </pre>
 * Every variant is resolved and validated before the first one trains, so a bad value fails at once.
 * A run that fails is recorded as failed in its own directory and the sweep goes on.
 */
public final class SweepRunner {

    private final Framework framework;
    private final PrintStream out;
    private final Progress progress;
    private java.util.function.Supplier<String> stopRequest = () -> null;

    /**
     * @param framework the started framework
     * @param out where to print what happens
     * @param progress progress output within each run
     */
    public SweepRunner(Framework framework, PrintStream out, Progress progress) {
        this.framework = framework;
        this.out = out;
        this.progress = progress;
    }

    /**
     * @param request the stop signal once one arrived, else null: the current run checkpoints and the sweep ends
     * @return this runner
     */
    public SweepRunner stopWhen(java.util.function.Supplier<String> request) {
        this.stopRequest = request;
        return this;
    }

    /**
     * The outcome.
     *
     * @param directory the sweep folder
     * @param completed runs that completed
     * @param failures one line per failed run
     */
    public record Result(Path directory, int completed, List<String> failures) {}

    /**
     * @param config the base config file
     * @param overrides {@code --set} overrides applied to every run
     * @param plan the grid
     * @param outputRoot where the sweep folder goes
     * @param command the command line, for the record
     * @return the outcome
     */
    public Result run(Path config, List<String> overrides, SweepPlan plan, Path outputRoot, List<String> command) {
        ConfigLoader loader = new ConfigLoader(framework);
        ExperimentConfig base = loader.load(config, overrides);
        List<SweepPlan.Variant> variants = plan.variants(base.name());
        List<ExperimentConfig> configs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (SweepPlan.Variant v : variants) {
            List<String> all = new ArrayList<>(overrides);
            all.addAll(v.overrides());
            ExperimentConfig resolved;
            try {
                resolved = loader.load(config, all);
            } catch (UserInputException e) {
                throw new UserInputException("sweep run " + v.assignments() + ": " + e.getMessage(), e);
            }
            if (!seen.add(loader.sha256(resolved))) {
                throw new UserInputException("sweep run " + v.assignments() + " resolves to the same config as an earlier one;"
                        + " check the --grid values");
            }
            configs.add(resolved);
        }

        Path dir = FreshDirectory.create(outputRoot, "sweep_" + base.name(), "sweep");
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("config", config.toString());
        record.put("overrides", overrides);
        record.put("grid", plan.axes());
        record.put("runs", variants);
        record.put("command", command);
        writeJson(dir.resolve("sweep.json"), record);
        out.println("sweep directory: " + dir + " (" + variants.size() + " runs)");

        ExperimentRunner runner = new ExperimentRunner(framework, out, progress).stopWhen(stopRequest);
        List<String> failures = new ArrayList<>();
        int completed = 0;
        for (int i = 0; i < variants.size(); i++) {
            SweepPlan.Variant v = variants.get(i);
            out.println("sweep: run " + (i + 1) + "/" + variants.size() + ": " + v.assignments());
            List<String> runCommand = new ArrayList<>(command);
            v.overrides().forEach(o -> runCommand.addAll(List.of("--set", o)));
            try {
                runner.run(configs.get(i), dir, runCommand);
                completed++;
            } catch (RunInterruptedException e) {
                throw e;                                 // a stop signal ends the sweep, after the run's checkpoint
            } catch (RuntimeException e) {
                failures.add(v.assignments() + ": " + e.getMessage());
                out.println("sweep: run " + (i + 1) + " failed: " + e.getMessage());
            }
            if (completed > 0) {
                AtomicFiles.writeString(dir.resolve("table.md"),
                        new AblationTable(framework.json()).markdown(List.of(dir), List.of(), new ArrayList<>()));
            }
        }
        out.println("sweep: " + completed + " of " + variants.size() + " runs completed; table: " + dir.resolve("table.md"));
        return new Result(dir, completed, failures);
    }

    private void writeJson(Path file, Object value) {
        try {
            AtomicFiles.writeString(file, framework.json().writeValueAsString(value) + "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
