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
                + "and where their provenance differs.")
final class CompareCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "RUN_A", description = "A run directory.")
    Path a;

    @Parameters(index = "1", paramLabel = "RUN_B", description = "Another run directory.")
    Path b;

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
        return 0;
    }

    private static void section(String title, List<String> lines) {
        System.out.println(title + (lines.isEmpty() ? ": identical" : ":"));
        lines.forEach(l -> System.out.println("  " + l));
    }
}
