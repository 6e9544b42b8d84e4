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
            description = "Folder for the sweep folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "Runs trained at once (default: ${DEFAULT-VALUE}). Each keeps its config's training.threads, so "
                    + "its numbers do not depend on N; with N > 1 set training.threads so N x threads fits the cores.")
    int workers;

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
        List<String> command = new ArrayList<>(List.of("vaelab", "sweep", config.toString(), "--out", out.toString()));
        if (workers != 1) {
            command.addAll(List.of("--workers", Integer.toString(workers)));
        }
        grid.forEach(g -> command.addAll(List.of("--grid", g)));
        overrides.forEach(o -> command.addAll(List.of("--set", o)));
        SweepRunner.Result result;
        try (StopSignals signals = StopSignals.install(output.printer())) {
            result = new SweepRunner(main.framework(), output.printer(), output.progress()).stopWhen(signals).workers(workers)
                    .run(base, allOverrides, plan, out, command, metric, minimize, search);
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
}
