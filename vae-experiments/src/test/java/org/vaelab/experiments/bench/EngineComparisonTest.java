package org.vaelab.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaelab.api.UserInputException;
import org.vaelab.engine.EngineKind;
import org.vaelab.experiments.TestFixtures;
import org.vaelab.experiments.cli.Main;
import org.vaelab.experiments.config.ConfigLoader;
import org.vaelab.experiments.config.ExperimentConfig;

/** Engines timed in turns: every engine runs every round, and the ratios are the rounds' own; times are never asserted. */
class EngineComparisonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void eachEngineRunsEveryRoundAndEachRatioIsThatRoundsTimes() {
        ExperimentConfig config = new ConfigLoader(TestFixtures.framework()).parse(TestFixtures.TINY_CONFIG, "tiny.yaml", List.of());
        var settings = new EngineComparison.Settings(List.of(EngineKind.COMPILED, EngineKind.SAMEDIFF), 3, 2, 16);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Map<String, Object> r = new EngineComparison(TestFixtures.framework(), new PrintStream(progress, true))
                .run(config, settings);
        JsonNode n = JSON.valueToTree(r);
        assertThat(n.at("/stepsPerRound").asInt()).isEqualTo(2);
        assertThat(n.at("/evalImagesPerRound").asInt()).isEqualTo(16);
        assertThat(n.at("/engines/0/engine").asText()).isEqualTo("compiled");
        assertThat(n.at("/engines/0/description").asText()).startsWith("compiled (");
        assertThat(n.at("/engines/1/description").asText()).startsWith("samediff");
        for (int e = 0; e < 2; e++) {
            for (String list : List.of("trainMsPerStep", "evalMsPer1000Images")) {
                JsonNode times = n.at("/engines/" + e + "/" + list);
                assertThat(times.size()).as(list).isEqualTo(3);
                times.forEach(t -> assertThat(t.asDouble()).as(list).isPositive());
            }
        }
        JsonNode ratios = n.at("/ratios/0/trainSpeedRatios");
        assertThat(ratios.size()).isEqualTo(3);
        for (int k = 0; k < 3; k++) {      // the first engine's speed over the other's: the other's time over its own
            assertThat(ratios.get(k).asDouble()).isCloseTo(n.at("/engines/1/trainMsPerStep/" + k).asDouble()
                    / n.at("/engines/0/trainMsPerStep/" + k).asDouble(), within(1e-12));
        }
        // two warm-up rounds are run and printed but not counted
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("round 1/5 (warm-up)").contains("round 5/5:");
        assertThat(EngineComparison.describe(r)).contains("compiled at").contains("of samediff's training speed");
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(EngineComparison.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(EngineComparison.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
    }

    @Test
    void unknownEnginesAndASingleEngineAreClearErrors() {
        assertThatThrownBy(() -> EngineComparison.parse("fast")).isInstanceOf(UserInputException.class)
                .hasMessageContaining("unknown engine 'fast'").hasMessageContaining("compiled, samediff");
        assertThatThrownBy(() -> new EngineComparison.Settings(List.of(EngineKind.COMPILED), 2, 2, 2))
                .isInstanceOf(UserInputException.class).hasMessageContaining("at least two engines");
    }

    @Test
    void theCommandComparesEnginesAndRefusesOptionsItDoesNotUse() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("tiny.yaml"), TestFixtures.TINY_CONFIG);
        Path json = tmp.resolve("engines.json");
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        int refused;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            status = Main.execute("bench", cfg.toString(), "--engines", "compiled,samediff", "--rounds", "1", "--steps", "1",
                    "--eval-images", "8", "--json", json.toString(), "--quiet");
            refused = Main.execute("bench", cfg.toString(), "--engines", "compiled,samediff", "--profile");
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("engines in turns in one process");
        assertThat(JSON.readTree(json.toFile()).at("/engines/1/engine").asText()).isEqualTo("samediff");
        assertThat(refused).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("leave out --profile").doesNotContain("Exception");
    }
}
