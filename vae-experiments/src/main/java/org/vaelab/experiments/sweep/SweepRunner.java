package org.vaelab.experiments.sweep;

import java.io.PrintStream;
import java.nio.file.Files;
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
import org.vaelab.experiments.run.Environment;
import org.vaelab.experiments.run.FreshDirectory;
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
    private int workers = 1;
    private TrialExecutor executor;          // null: trials in this process, `workers` at a time

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
     * @param count runs trained at once (each with its config's threads; results do not depend on it)
     * @return this runner
     */
    public SweepRunner workers(int count) {
        if (count < 1) {
            throw new UserInputException("--workers must be at least 1, got " + count);
        }
        this.workers = count;
        return this;
    }

    /**
     * @param trials runs the trials instead of this process (a cluster executor), each round as one batch; the
     *     caller closes it
     * @return this runner
     */
    public SweepRunner executor(TrialExecutor trials) {
        this.executor = trials;
        return this;
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
        return run(config, overrides, plan, outputRoot, command, null, true, null);
    }

    /**
     * @param config the base config file
     * @param overrides {@code --set} overrides applied to every run
     * @param plan the runs
     * @param outputRoot where the sweep folder goes
     * @param command the command line, for the record
     * @param metric the summary path the sweep optimises (the best row is reported), or null
     * @param minimize whether lower is better
     * @param search successive halving over epochs, or null to train every run to the end
     * @return the outcome
     */
    public Result run(Path config, List<String> overrides, SweepPlan plan, Path outputRoot, List<String> command,
            String metric, boolean minimize, SuccessiveHalving search) {
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

        // the folder is named by what the sweep runs, so the same command finds it again and continues it
        List<String> shas = configs.stream().map(loader::sha256).toList();
        String name = "sweep_" + base.name() + "_" + Environment.sha256(String.join(",", shas)).substring(0, 8);
        boolean continuing = Files.isDirectory(outputRoot.resolve(name));
        Path dir = FreshDirectory.createOrReuse(outputRoot, name, "sweep");
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("config", config.toString());
        record.put("overrides", overrides);
        record.put("grid", plan.axes());
        record.put("runs", variants);
        record.put("command", command);
        record.put("metric", metric);
        record.put("goal", minimize ? "minimize" : "maximize");
        if (!continuing) {
            writeJson(dir.resolve("sweep.json"), record);
        }
        out.println("sweep directory: " + dir + " (" + variants.size() + " runs" + (continuing ? "; continuing it" : "") + ")");

        TrialExecutor trials = executor != null ? executor : new InProcessTrials(framework, out, progress, stopRequest);
        List<String> failures = new ArrayList<>();
        int completed = 0;
        if (search == null) {
            String[] outcome = new String[variants.size()];
            if (executor != null) {             // one batch: the executor decides how many run at once
                List<TrialExecutor.Trial> round = new ArrayList<>();
                for (int i = 0; i < variants.size(); i++) {
                    round.add(new TrialExecutor.Trial(dir, configs.get(i), shas.get(i), variants.get(i), command, 0, null));
                }
                executor.executeAll(round).toArray(outcome);
                writeTable(dir);
            } else if (workers == 1) {
                for (int i = 0; i < variants.size(); i++) {
                    out.println("sweep: run " + (i + 1) + "/" + variants.size() + ": " + variants.get(i).assignments());
                    outcome[i] = trials.execute(new TrialExecutor.Trial(dir, configs.get(i), shas.get(i), variants.get(i),
                            command, 0, null));
                    writeTable(dir);
                }
            } else {
                inParallel(dir, shas, configs, variants, command, outcome);
            }
            for (int i = 0; i < variants.size(); i++) {
                if (outcome[i] == null) {
                    completed++;
                } else {
                    failures.add(variants.get(i).assignments() + ": " + outcome[i]);
                    out.println("sweep: run " + (i + 1) + " failed: " + outcome[i]);
                }
            }
        } else {
            completed = halve(trials, dir, shas, configs, variants, command, metric, minimize, search, failures);
        }
        if (metric != null && completed > 0) {
            out.println("sweep: best by " + metric + " (" + (minimize ? "lowest" : "highest") + "): "
                    + new AblationTable(framework.json()).best(List.of(dir), metric, minimize));
        }
        out.println("sweep: " + completed + " of " + variants.size() + " runs completed; table: " + dir.resolve("table.md")
                + (failures.isEmpty() ? "" : "; run the same command again to retry the others from their checkpoints"));
        return new Result(dir, completed, failures);
    }

    /**
     * Runs the trials {@link #workers} at a time, each with its own runner (and no progress bar, which would
     * interleave); a stop signal stops every running trial after its checkpoint.
     */
    private void inParallel(Path dir, List<String> shas, List<ExperimentConfig> configs, List<SweepPlan.Variant> variants,
            List<String> command, String[] outcome) {
        int threads = configs.stream().mapToInt(c -> c.training().threads()).max().orElse(1) * workers;
        if (threads > Runtime.getRuntime().availableProcessors()) {
            out.println("sweep: note: " + workers + " workers x training.threads use " + threads + " threads on "
                    + Runtime.getRuntime().availableProcessors() + " cores; set training.threads lower for a parallel sweep");
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(workers);
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < variants.size(); i++) {
                int k = i;
                futures.add(pool.submit(() -> {
                    out.println("sweep: run " + (k + 1) + "/" + variants.size() + ": " + variants.get(k).assignments());
                    TrialExecutor own = new InProcessTrials(framework, out, Progress.silent(), stopRequest);
                    outcome[k] = own.execute(new TrialExecutor.Trial(dir, configs.get(k), shas.get(k), variants.get(k),
                            command, 0, null));
                    writeTable(dir);
                }));
            }
            RuntimeException first = null;
            for (java.util.concurrent.Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (first == null && e.getCause() instanceof RuntimeException r) {
                        first = r;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the sweep's runs", e);
                }
            }
            if (first != null) {
                throw first;                         // a stop signal: every run has checkpointed
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Successive halving over the trials; returns how many completed, the failures go into {@code failures}. */
    private int halve(TrialExecutor trials, Path dir, List<String> shas, List<ExperimentConfig> configs,
            List<SweepPlan.Variant> variants, List<String> command, String metric, boolean minimize,
            SuccessiveHalving search, List<String> failures) {
        int maxEpochs = configs.get(0).training().epochs();
        for (ExperimentConfig c : configs) {
            if (c.training().epochs() != maxEpochs || c.evaluation().everyEpochs() != 1) {
                throw new UserInputException("successive halving needs every run to have the same training.epochs and "
                        + "evaluation.everyEpochs: 1 (its metric is read at each rung's epoch)");
            }
        }
        String key = metric.replaceFirst("\\.", "/");             // test.negElbo is logged as test/negElbo
        List<Integer> rungs = search.rungs(maxEpochs);
        List<Integer> survivors = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            survivors.add(i);
        }
        List<Map<String, Object>> record = new ArrayList<>();
        int completed = 0;
        for (int k = 0; k < rungs.size(); k++) {
            int epochs = rungs.get(k);
            boolean last = k == rungs.size() - 1;
            out.println("sweep: rung " + (k + 1) + "/" + rungs.size() + ": " + survivors.size() + " runs to epoch " + epochs);
            Map<Integer, Double> values = new LinkedHashMap<>();
            List<TrialExecutor.Trial> round = new ArrayList<>();
            for (int i : survivors) {
                round.add(new TrialExecutor.Trial(dir, configs.get(i), shas.get(i), variants.get(i), command,
                        last ? 0 : epochs, key));
            }
            List<String> outcomes = trials.executeAll(round);          // a rung is ranked once all its runs are in
            for (int j = 0; j < survivors.size(); j++) {
                int i = survivors.get(j);
                String failure = outcomes.get(j);
                Path run = TrialExecutor.runDirectories(dir, framework.json()).get(shas.get(i));
                Double value = failure == null && run != null ? TrialExecutor.metricAt(run, epochs, key, framework.json()) : null;
                if (value == null) {
                    failures.add(variants.get(i).assignments() + ": " + (failure != null ? failure
                            : "no " + key + " logged at epoch " + epochs));
                } else {
                    values.put(i, value);
                    completed += last ? 1 : 0;
                }
            }
            List<Integer> ranked = new ArrayList<>(values.keySet());
            ranked.sort((x, y) -> minimize ? Double.compare(values.get(x), values.get(y))
                    : Double.compare(values.get(y), values.get(x)));
            survivors = last ? ranked : ranked.subList(0, Math.min(ranked.size(), search.promoted(ranked.size())));
            Map<String, Object> rung = new LinkedHashMap<>();
            rung.put("epochs", epochs);
            Map<String, Double> named = new LinkedHashMap<>();
            ranked.forEach(i -> named.put(variants.get(i).name() + " " + variants.get(i).assignments(), values.get(i)));
            rung.put(metric, named);
            List<String> promoted = new ArrayList<>();
            survivors.forEach(i -> promoted.add(variants.get(i).name() + " " + variants.get(i).assignments()));
            rung.put(last ? "finished" : "promoted", promoted);
            record.add(rung);
            if (!last) {
                out.println("sweep: rung " + (k + 1) + " promotes " + promoted.size() + " of " + ranked.size() + " by "
                        + metric + ": " + String.join("; ", promoted));
            }
            writeJson(dir.resolve("search.json"), Map.of("type", "successive-halving", "minEpochs", search.minEpochs(),
                    "eta", search.eta(), "rungs", record));
            writeTable(dir);
        }
        return completed;
    }

    private synchronized void writeTable(Path dir) {
        try {
            List<String> skipped = new ArrayList<>();
            String table = new AblationTable(framework.json()).markdown(List.of(dir), List.of(), skipped);
            if (!skipped.isEmpty()) {              // failed, paused or interrupted runs are marked, not hidden
                table += "\nNot in the table:\n\n" + String.join("\n", skipped.stream().map(l -> "- " + l).toList()) + "\n";
            }
            AtomicFiles.writeString(dir.resolve("table.md"), table);
        } catch (UserInputException e) {
            // no completed run yet: no table yet
        }
    }

    private void writeJson(Path file, Object value) {
        try {
            AtomicFiles.writeString(file, framework.json().writeValueAsString(value) + "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
