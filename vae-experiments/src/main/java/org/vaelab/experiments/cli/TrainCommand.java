package org.vaelab.experiments.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vaelab.experiments.config.ConfigLoader;
import org.vaelab.experiments.config.ExperimentConfig;
import org.vaelab.experiments.runner.ExperimentRunner;
import org.vaelab.experiments.runner.RunResult;
import org.vaelab.experiments.runner.StopSignals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vaelab train CONFIG}: one training run into a new run directory. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model from a YAML or JSON config into a new run directory.")
final class TrainCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Experiment config (.yaml, .yml or .json).")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs",
            description = "Folder for run directories (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "Override a config value before validation, e.g. --set model.latentDim=8 --set losses[1].beta=4")
    List<String> overrides = new ArrayList<>();

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        ExperimentConfig cfg = new ConfigLoader(main.framework()).load(config, overrides);
        List<String> command = new ArrayList<>(List.of("vaelab", "train", config.toString(), "--out", out.toString()));
        overrides.forEach(o -> command.addAll(List.of("--set", o)));
        RunResult result;
        try (StopSignals signals = StopSignals.install(output.printer())) {
            result = new ExperimentRunner(main.framework(), output.printer(), output.progress()).stopWhen(signals)
                    .run(cfg, out, command);
        }
        if (output.quiet) {
            System.out.println(result.directory());
        }
        return 0;
    }
}
