package org.vaelab.experiments.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vaelab.api.UserInputException;
import org.vaelab.experiments.sweep.SweepPlan;
import org.vaelab.experiments.runner.StopSignals;
import org.vaelab.experiments.sweep.SweepFile;
import org.vaelab.experiments.sweep.SuccessiveHalving;
import org.vaelab.experiments.sweep.SweepRunner;
import org.vaelab.experiments.sweep.TrialExecutor;
import org.vaelab.experiments.sweep.TrialExecutorProvider;
import org.vaelab.experiments.sweep.TrialExecutors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vaelab sweep CONFIG --grid path=[...]}: a grid of runs and their ablation table. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run a sweep into one folder and write its table (table.md): the Cartesian product of --grid "
                + "values over a CONFIG, or a SWEEP file (grid, zipped lists, random draws, seeds and the metric to "
                + "optimise; docs/sweeps.md). Runs differing only in seed share a row. The same command again "
                + "continues the sweep.")
final class SweepCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "CONFIG_OR_SWEEP",
            description = "Base experiment config (with --grid), or a sweep file (a YAML mapping with base: ...).")
    Path config;

    @Option(names = "--grid", paramLabel = "PATH=[V1,V2,...]",
            description = "An axis of the grid, e.g. --grid 'losses[1].beta=[1, 4, 8]' --grid 'seed=[1, 2, 3]' (repeatable).")
    List<String> grid = new ArrayList<>();

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Override applied to every run, as for train.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs",
            description = "Folder for the sweep folder (default: ${DEFAULT-VALUE}). With --executor spark also a Hadoop "
                    + "file system URL, e.g. hdfs://namenode/runs (docs/cluster.md).")
    String out;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "Runs trained at once (default: ${DEFAULT-VALUE}). Each keeps its config's training.threads, so "
                    + "its numbers do not depend on N; with N > 1 set training.threads so N x threads fits the cores.")
    int workers;

    @Option(names = "--executor", paramLabel = "NAME", defaultValue = TrialExecutors.IN_PROCESS,
            description = "Where the trials run: in-process (default) or spark (Apache Spark, from the optional "
                    + "vae-cluster-spark module; docs/cluster.md).")
    String executor;

    @Option(names = "--master", paramLabel = "URL",
            description = "With --executor spark: the Spark master, e.g. 'local[2]' (embedded, the default is local[*]), "
                    + "spark://HOST:7077, yarn or k8s://https://HOST:PORT.")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "With --executor spark: a Spark setting, e.g. --conf spark.executor.memory=4g (repeatable).")
    List<String> conf = new ArrayList<>();

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        Path base = config;
        List<String> allOverrides = new ArrayList<>(overrides);
        SweepPlan plan;
        String metric = null;
        boolean minimize = true;
        SuccessiveHalving search = null;
        if (grid.isEmpty()) {
            SweepFile file = SweepFile.load(config, main.framework().yaml());
            base = file.base();
            allOverrides.addAll(0, file.overrides());
            plan = file.plan();
            metric = file.metric();
            minimize = file.minimize();
            search = file.search();
        } else {
            plan = SweepPlan.parse(grid, main.framework().yaml());
        }
        List<String> command = new ArrayList<>(List.of("vaelab", "sweep", config.toString(), "--out", out));
        if (workers != 1) {
            command.addAll(List.of("--workers", Integer.toString(workers)));
        }
        grid.forEach(g -> command.addAll(List.of("--grid", g)));
        overrides.forEach(o -> command.addAll(List.of("--set", o)));
        TrialExecutorProvider provider = chosenExecutor();
        if (provider != null) {
            command.addAll(List.of("--executor", executor));
            if (master != null) {
                command.addAll(List.of("--master", master));
            }
        }
        SweepRunner.Result result;
        try (StopSignals signals = StopSignals.install(output.printer())) {
            SweepRunner runner = new SweepRunner(main.framework(), output.printer(), output.progress()).stopWhen(signals)
                    .workers(workers);
            if (provider == null) {
                result = runner.run(base, allOverrides, plan, localOut(), command, metric, minimize, search);
            } else {
                try (TrialExecutor trials = provider.open(main.framework(),
                        new TrialExecutorProvider.Options(master, confSettings(), out), output.printer(), signals)) {
                    result = runner.executor(trials).run(base, allOverrides, plan, trials.localOutputRoot(out), command,
                            metric, minimize, search);
                }
            }
        }
        if (output.quiet) {
            System.out.println(result.directory());
        }
        if (!result.failures().isEmpty()) {
            throw new UserInputException(result.failures().size() + " sweep run(s) failed (see their provenance.json):\n  "
                    + String.join("\n  ", result.failures()));
        }
        return 0;
    }

    /** @return --out as a local folder (a URL is for a cluster executor, which mirrors it locally) */
    private Path localOut() {
        if (TrialExecutor.isUrl(out)) {
            throw new UserInputException("--out " + out + ": a file system URL is for --executor spark, which writes "
                    + "through Hadoop's file systems; the in-process executor takes a local folder");
        }
        return Path.of(out);
    }

    /** @return the provider of --executor, or null for the in-process default (which takes --workers) */
    private TrialExecutorProvider chosenExecutor() {
        if (TrialExecutors.IN_PROCESS.equals(executor)) {
            if (master != null || !conf.isEmpty()) {
                throw new UserInputException("--master and --conf are for a cluster executor (--executor spark); "
                        + "the in-process executor takes --workers");
            }
            return null;
        }
        if (workers != 1) {
            throw new UserInputException("--workers is for the in-process executor; with --executor " + executor
                    + " the cluster decides how many trials run at once (docs/cluster.md)");
        }
        return TrialExecutors.provider(executor);
    }

    /** @return the --conf settings by key */
    private java.util.Map<String, String> confSettings() {
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
        for (String c : conf) {
            int eq = c.indexOf('=');
            if (eq <= 0) {
                throw new UserInputException("--conf " + c + ": expected KEY=VALUE, e.g. --conf spark.executor.memory=4g");
            }
            settings.put(c.substring(0, eq).strip(), c.substring(eq + 1).strip());
        }
        return settings;
    }
}
