package org.vaelab.experiments.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vaelab.api.ComponentKind;
import org.vaelab.api.Seeds;
import org.vaelab.api.UserInputException;
import org.vaelab.api.metric.MetricSpec;
import org.vaelab.engine.Engine;
import org.vaelab.experiments.run.RunLock;
import org.vaelab.experiments.runner.RunImages;
import org.vaelab.experiments.trained.Evaluations;
import org.vaelab.experiments.trained.LoadedRun;
import org.vaelab.experiments.trained.MetricSuite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vaelab eval RUN_DIR [--metric ...]}: metrics of a trained model, added to its run directory. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Compute metrics of a trained run (its newest checkpoint) and add them to RUN_DIR/eval/"
                + "evaluations.json; the run's training records (metrics.jsonl, summary.json) are never changed.")
final class EvalCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory.")
    Path run;

    @Option(names = "--metric", paramLabel = "SPEC",
            description = "A metric: a type (e.g. mig) or a YAML mapping (e.g. '{type: mig, numBins: 10}'); repeatable. "
                    + "Default: the run config's evaluation.metrics. `vaelab plugins` lists the types.")
    List<String> metrics = new ArrayList<>();

    @Option(names = "--pictures",
            description = "Also draw the run's pictures again (reconstructions, samples, latent traversals, t-SNE map, "
                    + "training curves) into RUN_DIR/eval/images/, with the run config's evaluation settings.")
    boolean pictures;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        LoadedRun loaded = LoadedRun.load(main.framework(), run, output.printer());
        List<MetricSpec> specs = metrics.isEmpty() ? loaded.config().evaluation().metrics()
                : RunArguments.metrics(main.framework(), loaded.config(), metrics);
        if (specs.isEmpty() && !pictures) {
            throw new UserInputException("no metrics to compute: the run's config lists none under evaluation.metrics; "
                    + "name some with --metric, or ask for --pictures (types: " + String.join(", ",
                            main.framework().registry().typeNames(ComponentKind.METRIC)) + ")");
        }
        try (RunLock lock = RunLock.acquire(run)) {
            if (pictures) {
                RunImages.write(loaded.config(), run.resolve(Evaluations.FOLDER).resolve("images"), run.resolve("metrics.jsonl"),
                        loaded.model(), loaded.data(), Seeds.derive(loaded.config().seed(), "samples"), null,
                        output.printer());
            }
            if (specs.isEmpty()) {
                return 0;
            }
            MetricSuite.checkData(main.framework(), specs, loaded.data(), loaded.groundTruth());
            Map<String, Double> values;
            Engine engine = loaded.model().engine();
            engine.prepare();
            values = MetricSuite.compute(main.framework(), specs, loaded.model(), engine, loaded.data(),
                    loaded.groundTruth(), loaded.config().seed(), output.printer());
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("at", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
            List<String> command = new ArrayList<>(List.of("vaelab", "eval", run.toString()));
            metrics.forEach(m -> command.addAll(List.of("--metric", m)));
            record.put("command", command);
            record.put("checkpoint", loaded.checkpoint());
            record.put("specs", main.framework().json().valueToTree(specs));
            record.put("metrics", values);
            Path file = Evaluations.append(run, main.framework().json(), record);
            output.printer().println("added to " + file);
            if (output.quiet) {
                values.forEach((k, v) -> System.out.println(k + "\t" + v));
            }
        }
        return 0;
    }
}
