package org.vaelab.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaelab.experiments.RunFiles;
import org.vaelab.experiments.TestFixtures;

/**
 * Each capability of the component SPI beyond the built-ins, trained from the command line as a user runs
 * it, with the test plugins on the class path: the run says it trains on the compiled engine, records it,
 * and its objective falls.
 */
class PluginCapabilitiesTrainingTest {

    @TempDir
    Path tmp;

    @Test
    void everyCapabilityTrainsOnTheCompiledEngineFromTheCommandLine() throws Exception {
        List<List<String>> capabilities = List.of(
                List.of("losses[1]={type: warmup-kl, warmupSteps: 6}"),
                List.of("losses[2]={type: k-sample-elbo, samples: 4, weight: 0.5}"),
                List.of("losses[2]={type: prior-mmd, weight: 10.0}"),
                List.of("model.prior={type: pseudo-inputs, components: 3}"),
                List.of("model.encoder={type: laplace-linear}"));
        Path config = Files.writeString(tmp.resolve("tiny.yaml"), TestFixtures.TINY_CONFIG);
        for (List<String> capability : capabilities) {
            Path out = tmp.resolve("runs" + capabilities.indexOf(capability));
            List<String> args = new java.util.ArrayList<>(List.of("train", config.toString(), "--out", out.toString(),
                    "--set", "training.epochs=4", "--set", "data.trainSize=192", "--set", "training.optimizer.learningRate=0.003"));
            capability.forEach(c -> args.addAll(List.of("--set", c)));
            CliRun.Outcome o = CliRun.vaelab(args.toArray(String[]::new));
            assertThat(o.status()).as(capability + ": " + o.err()).isZero();
            assertThat(o.out()).as(capability.toString()).contains("engine: compiled");
            Path run = RunFiles.onlyRun(out);
            assertThat(RunFiles.json(run.resolve("provenance.json")).get("engine").get("name").asText()).isEqualTo("compiled");
            List<Double> losses = RunFiles.trainingObjective(run);
            double first = losses.subList(0, 3).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double last = losses.subList(losses.size() - 3, losses.size()).stream().mapToDouble(Double::doubleValue)
                    .average().orElseThrow();
            assertThat(last).as(capability + ": the objective falls").isLessThan(first);
            List<com.fasterxml.jackson.databind.JsonNode> lines = RunFiles.metricNumbers(run);
            assertThat(lines.get(lines.size() - 1).get("test/negElbo").asDouble()).as(capability.toString()).isFinite();
        }
    }
}
