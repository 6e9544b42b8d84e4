package org.vaelab.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaelab.api.UserInputException;
import org.vaelab.experiments.TestFixtures;
import org.vaelab.experiments.train.Progress;

class SweepTest {

    @TempDir
    Path tmp;

    private final ObjectMapper yaml = TestFixtures.framework().yaml();

    @Test
    void expandsTheCartesianProductAndNamesEverythingButTheSeed() {
        SweepPlan plan = SweepPlan.parse(List.of("losses[1].beta=[1, 4]", "model.encoder.hidden=[[16], [32, 16]]",
                "seed=[1, 2]"), yaml);
        List<SweepPlan.Variant> variants = plan.variants("base");
        assertThat(variants).hasSize(8);
        assertThat(variants.get(0).assignments()).containsExactly(Map.entry("losses[1].beta", "1"),
                Map.entry("model.encoder.hidden", "[16]"), Map.entry("seed", "1"));
        assertThat(variants.get(1).assignments()).containsEntry("seed", "2");          // last axis fastest
        assertThat(variants.get(0).name()).isEqualTo("base_beta-1_hidden-16");
        assertThat(variants.get(1).name()).isEqualTo(variants.get(0).name());         // seeds share a name
        assertThat(variants.get(3).name()).isEqualTo("base_beta-1_hidden-32x16");
        assertThat(variants.get(7).overrides()).containsExactly("losses[1].beta=4", "model.encoder.hidden=[32,16]",
                "seed=2", "name=base_beta-4_hidden-32x16");
    }

    @Test
    void badGridsAreUserErrors() {
        assertThatThrownBy(() -> SweepPlan.parse(List.of(), yaml)).isInstanceOf(UserInputException.class)
                .hasMessageContaining("at least one --grid");
        assertThatThrownBy(() -> SweepPlan.parse(List.of("beta"), yaml)).hasMessageContaining("expected path=[v1, v2, ...]");
        assertThatThrownBy(() -> SweepPlan.parse(List.of("seed=[]"), yaml)).hasMessageContaining("no values");
        assertThatThrownBy(() -> SweepPlan.parse(List.of("seed=[1]", "seed=[2]"), yaml)).hasMessageContaining("twice");
        assertThatThrownBy(() -> SweepPlan.parse(List.of("model.encoder.activation=[\"a b\", \"a_b\"]"), yaml).variants("x"))
                .isInstanceOf(UserInputException.class).hasMessageContaining("would share the name 'x_activation-axb'");
        assertThat(SweepPlan.parse(List.of("losses[1].beta=[-4, 4]"), yaml).variants("x"))
                .extracting(SweepPlan.Variant::name).containsExactly("x_beta--4", "x_beta-4");
    }

    @Test
    void everyRunIsValidatedBeforeAnyTrains() throws IOException {
        Path config = Files.writeString(tmp.resolve("tiny.yaml"), TestFixtures.TINY_CONFIG);
        SweepPlan plan = SweepPlan.parse(List.of("losses[1].beta=[1, -4]"), yaml);
        assertThatThrownBy(() -> new SweepRunner(TestFixtures.framework(), quiet(), Progress.silent())
                .run(config, List.of(), plan, tmp.resolve("out"), List.of("test")))
                .isInstanceOf(UserInputException.class).hasMessageContaining("losses[1].beta")
                .hasMessageContaining("greater than or equal to 0");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void runsTheGridAndWritesTheAblationTable() throws IOException {
        Path config = Files.writeString(tmp.resolve("tiny.yaml"), TestFixtures.TINY_CONFIG);
        SweepPlan plan = SweepPlan.parse(List.of("losses[1].beta=[0.5, 4]", "seed=[1, 2]"), yaml);
        SweepRunner.Result result = new SweepRunner(TestFixtures.framework(), quiet(), Progress.silent())
                .run(config, List.of("training.epochs=1"), plan, tmp.resolve("out"), List.of("test"));
        assertThat(result.completed()).isEqualTo(4);
        assertThat(result.failures()).isEmpty();
        try (var dirs = Files.list(result.directory())) {
            assertThat(dirs.filter(Files::isDirectory)).hasSize(4);
        }
        JsonNode sweep = new ObjectMapper().readTree(result.directory().resolve("sweep.json").toFile());
        assertThat(sweep.get("runs")).hasSize(4);
        String table = Files.readString(result.directory().resolve("table.md"));
        // the seeds share a row; the rows name the path that sets them apart
        assertThat(table).contains("| tiny_beta-0.5 (losses[1].beta=0.5) | 2 |").contains("| tiny_beta-4 (losses[1].beta=4.0) | 2 |")
                .contains("1, 2 |");
    }

    @Test
    void theSameSweepCommandContinuesAStoppedSweepSkippingFinishedRunsAndResumingTheStoppedOne() throws IOException {
        Path config = Files.writeString(tmp.resolve("tiny.yaml"), TestFixtures.TINY_CONFIG);
        SweepPlan plan = SweepPlan.parse(List.of("losses[1].beta=[0.5, 4]"), yaml);
        SweepRunner.Result whole = new SweepRunner(TestFixtures.framework(), quiet(), Progress.silent())
                .run(config, List.of(), plan, tmp.resolve("whole"), List.of("test"));

        // stop the sweep at its 8th step: inside the second run (the first has 6)
        java.util.concurrent.atomic.AtomicReference<String> signal = new java.util.concurrent.atomic.AtomicReference<>();
        int[] steps = {0};
        Progress counting = new Progress() {
            @Override
            public void startEpoch(int epoch, int epochs, int n) {}

            @Override
            public void step(double loss, double rate) {
                if (++steps[0] == 8) {
                    signal.set("SIGTERM");
                }
            }

            @Override
            public void endEpoch() {}
        };
        Path root = tmp.resolve("cut");
        assertThatThrownBy(() -> new SweepRunner(TestFixtures.framework(), quiet(), counting).stopWhen(signal::get)
                .run(config, List.of(), plan, root, List.of("test")))
                .isInstanceOf(org.vaelab.experiments.runner.RunInterruptedException.class);

        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        SweepRunner.Result continued = new SweepRunner(TestFixtures.framework(), new PrintStream(log), Progress.silent())
                .run(config, List.of(), plan, root, List.of("test"));
        assertThat(log.toString()).contains("continuing it").contains("already completed, skipped")
                .contains("(interrupted)");
        assertThat(continued.completed()).isEqualTo(2);
        try (var dirs = Files.list(continued.directory())) {
            assertThat(dirs.filter(Files::isDirectory)).hasSize(2);        // no duplicate run
        }
        assertThat(Files.readString(continued.directory().resolve("table.md")).replaceAll("\\| [0-9a-f]{8} \\|", ""))
                .isEqualTo(Files.readString(whole.directory().resolve("table.md")).replaceAll("\\| [0-9a-f]{8} \\|", ""));
        assertThat(continued.directory().getFileName()).isEqualTo(whole.directory().getFileName());
    }

    @Test
    void runsTrainedSideBySideGiveExactlyTheNumbersOfASerialSweep() throws IOException {
        Path config = Files.writeString(tmp.resolve("tiny.yaml"), TestFixtures.TINY_CONFIG);
        SweepPlan plan = SweepPlan.parse(List.of("losses[1].beta=[0.5, 4]", "seed=[1, 2]"), yaml);
        SweepRunner.Result serial = new SweepRunner(TestFixtures.framework(), quiet(), Progress.silent())
                .run(config, List.of("training.epochs=1"), plan, tmp.resolve("serial"), List.of("test"));
        SweepRunner.Result parallel = new SweepRunner(TestFixtures.framework(), quiet(), Progress.silent()).workers(2)
                .run(config, List.of("training.epochs=1"), plan, tmp.resolve("parallel"), List.of("test"));
        assertThat(parallel.completed()).isEqualTo(4);
        assertThat(Files.readString(parallel.directory().resolve("table.md")))
                .isEqualTo(Files.readString(serial.directory().resolve("table.md")));
        java.util.Map<String, List<JsonNode>> a = new java.util.TreeMap<>();
        java.util.Map<String, List<JsonNode>> b = new java.util.TreeMap<>();
        for (var pair : List.of(java.util.Map.entry(serial, a), java.util.Map.entry(parallel, b))) {
            try (var dirs = Files.list(pair.getKey().directory())) {
                for (Path d : dirs.filter(Files::isDirectory).toList()) {
                    pair.getValue().put(org.vaelab.experiments.RunFiles.json(d.resolve("provenance.json"))
                            .get("configSha256").asText(), org.vaelab.experiments.RunFiles.metricNumbers(d));
                }
            }
        }
        assertThat(b).isEqualTo(a);                  // every run's every logged number
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
