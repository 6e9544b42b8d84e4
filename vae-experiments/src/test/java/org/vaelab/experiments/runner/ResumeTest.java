package org.vaelab.experiments.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vaelab.api.UserInputException;
import org.vaelab.experiments.TestFixtures;
import org.vaelab.experiments.config.ConfigLoader;
import org.vaelab.experiments.config.ExperimentConfig;
import org.vaelab.experiments.train.Progress;

class ResumeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Progress output that "kills" the run at a given step of a given epoch, as a crash would. */
    private static Progress crashAt(int epoch, int step) {
        return new Progress() {
            private int currentEpoch;
            private int steps;

            @Override
            public void startEpoch(int e, int epochs, int n) {
                currentEpoch = e;
                steps = 0;
            }

            @Override
            public void step(double loss, double imagesPerSecond) {
                if (currentEpoch == epoch && ++steps == step) {
                    throw new IllegalStateException("simulated crash");
                }
            }

            @Override
            public void endEpoch() {}
        };
    }

    private static List<JsonNode> numbers(Path run) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            ObjectNode node = (ObjectNode) JSON.readTree(line);
            node.remove(List.of("train/imagesPerSec", "train/epochSeconds"));
            lines.add(node);
        }
        return lines;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOneBitForBit() throws IOException {
        assertResumeIsBitIdentical(List.of("training.epochs=3"), "dense");
    }

    @Test
    void onTheCompiledEngineToo() throws IOException {
        assertResumeIsBitIdentical(List.of("training.epochs=3", "corruption={type: block-occlusion, minSize: 8, maxSize: 20}",
                "losses[0]={type: occlusion-weighted-reconstruction, lambdaHidden: 4.0}"), "compiled");
    }

    private void assertResumeIsBitIdentical(List<String> overrides, String engine) throws IOException {
        ConfigLoader loader = new ConfigLoader(TestFixtures.framework());
        ExperimentConfig config = loader.parse(TestFixtures.TINY_CONFIG, "tiny.yaml", overrides);
        Path whole = new ExperimentRunner(TestFixtures.framework(), quiet(), Progress.silent())
                .run(config, tmp.resolve("whole"), List.of("test")).directory();

        ExperimentRunner crashing = new ExperimentRunner(TestFixtures.framework(), quiet(), crashAt(2, 2));
        assertThatThrownBy(() -> crashing.run(config, tmp.resolve("cut"), List.of("test"))).hasMessage("simulated crash");
        Path cut;
        try (var dirs = Files.list(tmp.resolve("cut"))) {
            cut = dirs.findFirst().orElseThrow();
        }
        assertThat(JSON.readTree(cut.resolve("provenance.json").toFile()).get("status").asText()).isEqualTo("failed");
        assertThat(numbers(cut)).extracting(n -> n.get("step").asInt()).contains(4);    // logged in the cut epoch

        new ExperimentRunner(TestFixtures.framework(), quiet(), Progress.silent()).resume(cut, List.of("vaelab", "resume"));

        assertThat(numbers(cut)).isEqualTo(numbers(whole));
        JsonNode provenance = JSON.readTree(cut.resolve("provenance.json").toFile());
        assertThat(provenance.get("status").asText()).isEqualTo("completed");
        assertThat(provenance.get("engine").get("name").asText()).isEqualTo(engine);
        assertThat(provenance.get("resumedFrom").asText()).startsWith("epoch 1 (step 3)");
        assertThat(provenance.get("command").get(0).asText()).isEqualTo("test");        // the original command stays
        SameDiff a = SameDiff.load(whole.resolve("checkpoint/model.fb").toFile(), false);
        SameDiff b = SameDiff.load(cut.resolve("checkpoint/model.fb").toFile(), false);
        assertThat(b.getArrForVarName("decoder/head/w")).isEqualTo(a.getArrForVarName("decoder/head/w"));
        assertThat(JSON.readTree(cut.resolve("summary.json").toFile()).get("test"))
                .isEqualTo(JSON.readTree(whole.resolve("summary.json").toFile()).get("test"));
    }

    @Test
    void completedRunsAndNonRunsAreRefused() throws IOException {
        ConfigLoader loader = new ConfigLoader(TestFixtures.framework());
        ExperimentConfig config = loader.parse(TestFixtures.TINY_CONFIG, "tiny.yaml", List.of("training.epochs=1"));
        ExperimentRunner runner = new ExperimentRunner(TestFixtures.framework(), quiet(), Progress.silent());
        Path done = runner.run(config, tmp, List.of("test")).directory();
        String before = Files.readString(done.resolve("metrics.jsonl"));
        assertThatThrownBy(() -> runner.resume(done, List.of("vaelab", "resume"))).isInstanceOf(UserInputException.class)
                .hasMessageContaining("already completed");
        assertThat(Files.readString(done.resolve("metrics.jsonl"))).isEqualTo(before);
        assertThatThrownBy(() -> runner.resume(tmp.resolve("nothing"), List.of())).isInstanceOf(UserInputException.class)
                .hasMessageContaining("not a run directory");
    }
}
