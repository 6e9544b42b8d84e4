package org.vaelab.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vaelab.experiments.compare.RunComparison;
import org.vaelab.experiments.run.JsonFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vaelab compare RUN_A RUN_B}: what differs between two runs. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare two runs: the config paths whose values differ, the results that differ (with b - a), "
                + "where their provenance differs, and (--plot) their curves overlaid.")
final class CompareCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "RUN_A", description = "A run directory.")
    Path a;

    @Parameters(index = "1", paramLabel = "RUN_B", description = "Another run directory.")
    Path b;

    @picocli.CommandLine.Option(names = "--plot", paramLabel = "PNG",
            description = "Also draw both runs' curves overlaid (train objective per step, test -ELBO per epoch).")
    Path plot;

    @Override
    public Integer call() {
        var json = main.framework().json();
        section("config (a -> b)", RunComparison.differences(JsonFiles.read(json, a.resolve("config.json")),
                JsonFiles.read(json, b.resolve("config.json"))));
        JsonNode sa = JsonFiles.read(json, a.resolve("summary.json"));
        JsonNode sb = JsonFiles.read(json, b.resolve("summary.json"));
        section("results (a -> b, b - a)", RunComparison.resultDifferences(sa, sb));
        section("provenance (a -> b)", RunComparison.originDifferences(JsonFiles.read(json, a.resolve("provenance.json")),
                JsonFiles.read(json, b.resolve("provenance.json"))));
        if (plot != null) {
            java.util.Map<String, Path> runs = new java.util.LinkedHashMap<>();
            runs.put("a: " + a.getFileName(), a.resolve("metrics.jsonl"));
            runs.put("b: " + b.getFileName(), b.resolve("metrics.jsonl"));
            var picture = org.vaelab.experiments.pictures.TrainingCurves.overlay(runs);
            if (picture.isEmpty()) {
                throw new org.vaelab.api.UserInputException("neither run logged curves to draw");
            }
            org.vaelab.experiments.pictures.Png.write(picture.get(), plot);
            System.out.println("curves: " + plot);
        }
        return 0;
    }

    private static void section(String title, List<String> lines) {
        System.out.println(title + (lines.isEmpty() ? ": identical" : ":"));
        lines.forEach(l -> System.out.println("  " + l));
    }
}
