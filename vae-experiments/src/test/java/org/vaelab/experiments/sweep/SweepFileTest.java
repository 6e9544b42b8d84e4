package org.vaelab.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
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

class SweepFileTest {

    @TempDir
    Path tmp;

    private SweepFile load(String text) throws Exception {
        return SweepFile.load(Files.writeString(tmp.resolve("sweep.yaml"), text), TestFixtures.framework().yaml());
    }

    @Test
    void gridZipRandomAndSeedsMultiply() throws Exception {
        SweepFile f = load("""
                base: tiny.yaml
                set: [training.epochs=1]
                grid:
                  losses[1].beta: [1, 4]
                zip:
                  - {model.latentDim: [2, 8], training.batchSize: [16, 32]}
                random:
                  count: 3
                  seed: 5
                  params:
                    training.optimizer.learningRate: {logUniform: [1.0e-4, 1.0e-2]}
                    model.encoder.type: {choice: [mlp]}
                seeds: [1, 2]
                metric: test.negElbo
                """);
        assertThat(f.base()).isEqualTo(tmp.resolve("tiny.yaml"));
        assertThat(f.overrides()).containsExactly("training.epochs=1");
        assertThat(f.metric()).isEqualTo("test.negElbo");
        assertThat(f.minimize()).isTrue();
        List<SweepPlan.Variant> variants = f.plan().variants("t");
        assertThat(variants).hasSize(2 * 2 * 3 * 2);
        for (SweepPlan.Variant v : variants) {
            Map<String, String> a = v.assignments();
            // zipped paths move together
            assertThat(a.get("training.batchSize")).isEqualTo(a.get("model.latentDim").equals("2") ? "16" : "32");
            double lr = Double.parseDouble(a.get("training.optimizer.learningRate"));
            assertThat(lr).isBetween(1e-4, 1e-2);
        }
        // the draws are seeded: the same file gives the same runs
        assertThat(load(Files.readString(tmp.resolve("sweep.yaml"))).plan().variants("t")).isEqualTo(variants);
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> load("name: tiny\nseed: 1\n")).isInstanceOf(UserInputException.class)
                .hasMessageContaining("is not a sweep file").hasMessageContaining("--grid");
        assertThatThrownBy(() -> load("base: a.yaml\ngrids: {x: [1]}\n")).hasMessageContaining("unknown key 'grids'");
        assertThatThrownBy(() -> load("base: a.yaml\nzip: [{a: [1, 2], b: [1]}]\n")).hasMessageContaining("differ in length");
        assertThatThrownBy(() -> load("base: a.yaml\nrandom: {count: 2, params: {a: {logUniform: [0, 1]}}}\n"))
                .hasMessageContaining("random.params.a");
        assertThatThrownBy(() -> load("base: a.yaml\n")).hasMessageContaining("nothing to sweep");
        assertThatThrownBy(() -> load("base: a.yaml\ngrid: {losses[1].beta: [1]}\n")).hasMessageContaining("not valid YAML")
                .hasMessageContaining("needs quotes").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aSweepFileRunsAndReportsTheBestRow() throws Exception {
        Files.writeString(tmp.resolve("tiny.yaml"), TestFixtures.TINY_CONFIG);
        SweepFile f = load("base: tiny.yaml\nset: [training.epochs=1]\ngrid: {'losses[1].beta': [0.5, 4]}\n"
                + "seeds: [1]\nmetric: test.kl\ngoal: maximize\n");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SweepRunner.Result r = new SweepRunner(TestFixtures.framework(), new PrintStream(log), Progress.silent())
                .run(f.base(), f.overrides(), f.plan(), tmp.resolve("out"), List.of("test"), f.metric(), f.minimize(), f.search());
        assertThat(r.completed()).isEqualTo(2);
        // a weaker KL penalty leaves more KL
        assertThat(log.toString()).contains("sweep: best by test.kl (highest): tiny_beta-0.5 (losses[1].beta=0.5");
    }

    @Test
    void successiveHalvingStopsPoorTrialsEarlyAndPromotedOnesEqualUninterruptedRuns() throws Exception {
        Files.writeString(tmp.resolve("tiny.yaml"), TestFixtures.TINY_CONFIG);
        SweepFile f = load("base: tiny.yaml\nset: [training.epochs=4]\ngrid: {'losses[1].beta': [0.5, 2, 8, 32]}\n"
                + "metric: test.negElbo\nsearch: {type: successive-halving, minEpochs: 1, eta: 2}\n");
        assertThat(f.search().rungs(4)).containsExactly(1, 2, 4);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SweepRunner.Result r = new SweepRunner(TestFixtures.framework(), new PrintStream(log), Progress.silent())
                .run(f.base(), f.overrides(), f.plan(), tmp.resolve("out"), List.of("test"), f.metric(), f.minimize(), f.search());
        assertThat(r.failures()).isEmpty();
        assertThat(r.completed()).isEqualTo(1);                    // 4 -> 2 -> 1
        var search = org.vaelab.experiments.RunFiles.json(r.directory().resolve("search.json"));
        assertThat(search.get("rungs")).hasSize(3);
        assertThat(search.get("rungs").get(0).get("promoted")).hasSize(2);
        // the promoted are the two of the four with the lowest test.negElbo at epoch 1
        var rung = search.get("rungs").get(0);
        List<java.util.Map.Entry<String, Double>> byValue = new java.util.ArrayList<>();
        rung.get("test.negElbo").fields().forEachRemaining(e -> byValue.add(java.util.Map.entry(e.getKey(), e.getValue().asDouble())));
        assertThat(byValue).hasSize(4);
        byValue.sort(java.util.Map.Entry.comparingByValue());
        assertThat(rung.get("promoted")).extracting(com.fasterxml.jackson.databind.JsonNode::asText)
                .containsExactly(byValue.get(0).getKey(), byValue.get(1).getKey());
        List<String> statuses = new java.util.ArrayList<>();
        try (var dirs = Files.list(r.directory())) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                statuses.add(org.vaelab.experiments.RunFiles.status(d));
            }
        }
        assertThat(statuses).containsExactlyInAnyOrder("completed", "paused", "paused", "paused");
        assertThat(Files.readString(r.directory().resolve("table.md"))).contains("Not in the table:")
                .contains("paused by a sweep's successive halving");
        // the winner, paused and resumed twice on the way, equals the same config trained straight through
        Path winner;
        try (var dirs = Files.list(r.directory())) {
            winner = dirs.filter(Files::isDirectory).filter(d -> org.vaelab.experiments.RunFiles.status(d).equals("completed"))
                    .findFirst().orElseThrow();
        }
        var config = new org.vaelab.experiments.config.ConfigLoader(TestFixtures.framework()).fromTree(
                org.vaelab.experiments.RunFiles.json(winner.resolve("config.json")), "winner");
        Path straight = new org.vaelab.experiments.runner.ExperimentRunner(TestFixtures.framework(),
                new PrintStream(new ByteArrayOutputStream()), Progress.silent()).run(config, tmp.resolve("straight"), List.of("t"))
                .directory();
        assertThat(org.vaelab.experiments.RunFiles.metricNumbers(winner))
                .isEqualTo(org.vaelab.experiments.RunFiles.metricNumbers(straight));
        // running the same sweep again trains nothing
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        new SweepRunner(TestFixtures.framework(), new PrintStream(again), Progress.silent())
                .run(f.base(), f.overrides(), f.plan(), tmp.resolve("out"), List.of("test"), f.metric(), f.minimize(), f.search());
        assertThat(again.toString()).doesNotContain("run directory:").doesNotContain("sweep: continuing");
    }
}
