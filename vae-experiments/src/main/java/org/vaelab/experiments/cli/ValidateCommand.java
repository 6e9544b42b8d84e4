package org.vaelab.experiments.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vaelab.api.Seeds;
import org.vaelab.api.data.Dataset;
import org.vaelab.engine.Engine;
import org.vaelab.engine.EngineChoice;
import org.vaelab.engine.graph.VaeGraph;
import org.vaelab.experiments.config.ConfigLoader;
import org.vaelab.experiments.config.ExperimentConfig;
import org.vaelab.experiments.runner.ExperimentRunner;
import org.vaelab.experiments.train.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vaelab validate CONFIG}: everything {@code train} checks before its first step: the config, the
 * data, and the model graph (which catches problems only the components can see, such as an image size
 * a convolutional decoder cannot produce or a denoising term without a corruption).
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a config as train would before its first step: parse and validate it, load the data and "
                + "build the model graph (--no-build: the config alone). --print shows the resolved config.")
final class ValidateCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Experiment config (.yaml, .yml or .json).")
    Path config;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Override a config value, as for train.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--print", description = "Print the resolved config (every default filled in) as JSON.")
    boolean print;

    @Option(names = "--no-build", description = "Check the config only: do not load the data or build the graph.")
    boolean noBuild;

    @Override
    public Integer call() {
        ConfigLoader loader = new ConfigLoader(main.framework());
        ExperimentConfig cfg = loader.load(config, overrides);
        String built = "";
        if (!noBuild) {
            ExperimentRunner runner = new ExperimentRunner(main.framework(), OutputOptions.silent(), Progress.silent());
            Dataset data = runner.createDataSource(cfg).load(Seeds.derive(cfg.seed(), "data"));
            VaeGraph graph = VaeGraph.build(runner.createComponents(cfg), data.info().shape(), cfg.model().latentDim(),
                    Seeds.derive(cfg.seed(), "model.init"));
            String engine;
            try (Engine chosen = EngineChoice.choose(graph, cfg.training().engine(), cfg.training().threads())) {   // training.engine: compiled fails here on an op it lacks
                engine = chosen.description();
            }
            built = String.format(Locale.ROOT, " (data: %d train / %d test images of %s; model: %,d parameters; engine: %s)",
                    data.train().size(), data.test().size(), data.info().shape(), graph.parameterCount(),
                    engine);
        }
        if (print) {
            System.out.print(loader.toCanonicalJson(cfg));
        } else {
            System.out.println(config + ": valid" + built);
        }
        return 0;
    }
}
