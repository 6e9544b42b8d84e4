package org.vaelab.experiments.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vaelab.experiments.config.ConfigLoader;
import org.vaelab.experiments.config.ExperimentConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vaelab validate CONFIG}: parse and validate only. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Parse and validate a config; print the resolved config with --print.")
final class ValidateCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Experiment config (.yaml, .yml or .json).")
    Path config;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Override a config value, as for train.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--print", description = "Print the resolved config (every default filled in) as JSON.")
    boolean print;

    @Override
    public Integer call() {
        ConfigLoader loader = new ConfigLoader(main.framework());
        ExperimentConfig cfg = loader.load(config, overrides);
        if (print) {
            System.out.print(loader.toCanonicalJson(cfg));
        } else {
            System.out.println(config + ": valid");
        }
        return 0;
    }
}
