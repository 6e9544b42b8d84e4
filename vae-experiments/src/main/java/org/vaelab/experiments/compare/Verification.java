package org.vaelab.experiments.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vaelab.api.UserInputException;
import org.vaelab.experiments.config.ConfigLoader;
import org.vaelab.experiments.config.ExperimentConfig;
import org.vaelab.experiments.plugins.Framework;
import org.vaelab.experiments.run.IoErrors;
import org.vaelab.experiments.run.JsonFiles;
import org.vaelab.experiments.runner.ExperimentRunner;
import org.vaelab.experiments.train.Progress;

/**
 * Re-runs a finished run's stored config and seed and checks that every number comes out the same: the
 * metrics log line by line and the summary, timings aside. When they differ, it names the first differing
 * value and where the two runs' provenance differs (machine, BLAS and thread settings, versions), which is
 * usually why.
 *
 * @param identical whether every number is the same
 * @param firstDifference the first differing metrics line and value, or null
 * @param resultDifferences the summary's differing values
 * @param originDifferences where the provenance of the two runs differs
 * @param warnings what may keep the re-run from matching
 * @param rerun the re-run's directory
 */
public record Verification(boolean identical, String firstDifference, List<String> resultDifferences,
        List<String> originDifferences, List<String> warnings, Path rerun) {

    /**
     * @param framework the framework (with the plugin jars the run used)
     * @param run a completed run directory
     * @param scratch where to write the re-run
     * @param out where the re-run prints
     * @return the outcome
     */
    public static Verification of(Framework framework, Path run, Path scratch, PrintStream out) {
        JsonNode provenance = JsonFiles.read(framework.json(), run.resolve("provenance.json"));
        if (!"completed".equals(provenance.path("status").asText())) {
            throw new UserInputException(run + " is " + provenance.path("status").asText("not a run")
                    + "; only a completed run can be verified");
        }
        String sha = provenance.path("configSha256").asText();
        ExperimentRunner.requireUnchanged(run.resolve("config.json"), sha);
        ConfigLoader loader = new ConfigLoader(framework);
        ExperimentConfig config = loader.fromRun(run, provenance);
        List<String> warnings = new ArrayList<>();
        Map<String, Object> threads = org.vaelab.experiments.run.Environment.threads();
        JsonNode recorded = provenance.path("threads");
        if (!framework.json().valueToTree(threads).equals(recorded)) {
            warnings.add("the thread settings differ from the run's (" + recorded + " then, " + threads + " now); BLAS "
                    + "results can differ in the last bits: set OMP_NUM_THREADS as the run had it");
        }
        Path rerun = new ExperimentRunner(framework, out, Progress.silent())
                .run(config, scratch, List.of("vaelab", "verify", run.toString())).directory();

        List<String> a = lines(run.resolve("metrics.jsonl"));
        List<String> b = lines(rerun.resolve("metrics.jsonl"));
        String first = null;
        for (int i = 0; i < Math.max(a.size(), b.size()) && first == null; i++) {
            if (i >= a.size() || i >= b.size()) {
                first = "metrics.jsonl has " + a.size() + " lines in the run and " + b.size() + " in the re-run";
                break;
            }
            ObjectNode x = numbersOnly(framework, a.get(i));
            ObjectNode y = numbersOnly(framework, b.get(i));
            if (!x.equals(y)) {
                List<String> diff = RunComparison.resultDifferences(x, y);
                first = "metrics.jsonl line " + (i + 1) + " (step " + x.path("step").asText() + "): "
                        + (diff.isEmpty() ? x + " -> " + y : diff.get(0));
            }
        }
        List<String> results = RunComparison.resultDifferences(RunComparison.read(run, "summary.json", framework.json()),
                RunComparison.read(rerun, "summary.json", framework.json()));
        List<String> origin = RunComparison.originDifferences(provenance,
                RunComparison.read(rerun, "provenance.json", framework.json()));
        return new Verification(first == null && results.isEmpty(), first, results, origin, warnings, rerun);
    }

    private static ObjectNode numbersOnly(Framework framework, String line) {
        try {
            ObjectNode node = (ObjectNode) framework.json().readTree(line);
            node.remove(RunComparison.TIMINGS);
            return node;
        } catch (IOException e) {
            throw new UserInputException("metrics.jsonl has a line that is not JSON: " + line, e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UserInputException("cannot read " + file + ": " + IoErrors.describe(e), e);
        }
    }

}
