package org.vaelab.experiments.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.vaelab.api.data.ImageShape;
import org.vaelab.experiments.pictures.ImageGrid;
import org.vaelab.experiments.pictures.TrainingCurves;
import org.vaelab.experiments.pictures.TsnePicture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaelab.experiments.RunFiles;
import org.vaelab.experiments.TestFixtures;
import org.vaelab.experiments.config.ConfigLoader;
import org.vaelab.experiments.config.ExperimentConfig;
import org.vaelab.experiments.train.Progress;

class ExperimentRunnerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private RunResult run(String yaml, Path out, String... overrides) {
        ConfigLoader loader = new ConfigLoader(TestFixtures.framework());
        ExperimentConfig config = loader.parse(yaml, "tiny.yaml", List.of(overrides));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        return new ExperimentRunner(TestFixtures.framework(), quiet, Progress.silent()).run(config, out, List.of("test"));
    }

    private static List<JsonNode> numbers(Path run) {
        return RunFiles.metricNumbers(run);
    }

    @Test
    void writesASelfDescribingRunDirectory() throws IOException {
        RunResult result = run(TestFixtures.TINY_CONFIG, tmp, "evaluation.traversals=3", "evaluation.tsnePoints=32");
        Path dir = result.directory();
        assertThat(dir.getFileName().toString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ_tiny_[0-9a-f]{8}");
        for (String f : List.of("config.json", "provenance.json", "metrics.jsonl", "summary.json",
                "checkpoint/step-000000006/model.fb", "checkpoint/step-000000006/state.json",
                "checkpoint/step-000000006/manifest.json", "images/reconstructions.png", "images/samples.png",
                "images/traversals.png", "images/tsne.png", "images/curves.png")) {
            assertThat(dir.resolve(f)).as(f).isNotEmptyFile();
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }

        JsonNode provenance = JSON.readTree(dir.resolve("provenance.json").toFile());
        assertThat(provenance.get("status").asText()).isEqualTo("completed");
        assertThat(provenance.get("seed").asLong()).isEqualTo(7);
        assertThat(provenance.get("configSha256").asText()).hasSize(64)
                .isEqualTo(new ConfigLoader(TestFixtures.framework()).sha256(
                        new ConfigLoader(TestFixtures.framework()).parse(TestFixtures.TINY_CONFIG, "t.yaml",
                                List.of("evaluation.traversals=3", "evaluation.tsnePoints=32"))));
        assertThat(provenance.get("data").get("sha256").asText()).hasSize(64);
        assertThat(provenance.get("data").get("nTrain").asLong()).isEqualTo(96);
        assertThat(provenance.get("versions").get("nd4j").asText()).isEqualTo("1.0.0-M2.1");
        assertThat(provenance.get("threads").has("OMP_NUM_THREADS")).isTrue();
        assertThat(provenance.get("derivedSeeds").get("model.init").isNumber()).isTrue();
        assertThat(provenance.get("plugins").findValuesAsText("type"))
                .contains("dsprites", "mlp", "standard-normal", "bernoulli-reconstruction", "beta-kl");
        assertThat(provenance.get("finishedAt").asText()).isNotBlank();
        // vaelab's own commit, found from where its classes load, not from the working directory
        assertThat(provenance.get("git").get("commit").asText()).hasSize(40);
        assertThat(Path.of(provenance.get("git").get("repository").asText()).resolve(".git")).exists();

        List<JsonNode> metrics = numbers(dir);
        assertThat(metrics).hasSize(3 + 1 + 3 + 1);      // 3 steps + epoch line, twice
        JsonNode first = metrics.get(0);
        assertThat(first.get("step").asInt()).isEqualTo(1);
        assertThat(first.get("train/loss/recon").asDouble()).isPositive();
        assertThat(first.get("train/loss/total").asDouble()).isCloseTo(
                first.get("train/loss/recon").asDouble() + 2.0 * first.get("train/loss/kl").asDouble(),
                org.assertj.core.data.Offset.offset(1e-3 * first.get("train/loss/total").asDouble()));
        JsonNode last = metrics.get(metrics.size() - 1);
        assertThat(last.get("epoch").asInt()).isEqualTo(2);
        assertThat(last.get("step").asInt()).isEqualTo(6);
        double negElbo = last.get("test/negElbo").asDouble();
        assertThat(negElbo).isFinite().isPositive();
        assertThat(negElbo).isCloseTo(last.get("test/recon").asDouble() + last.get("test/kl").asDouble(),
                org.assertj.core.data.Offset.offset(1e-3 * negElbo));
        // the objective weights the KL by beta = 2; the ELBO does not
        assertThat(last.get("test/loss/total").asDouble()).isCloseTo(
                last.get("test/loss/recon").asDouble() + 2.0 * last.get("test/loss/kl").asDouble(),
                org.assertj.core.data.Offset.offset(1e-3 * negElbo));

        JsonNode summary = JSON.readTree(dir.resolve("summary.json").toFile());
        assertThat(summary.get("test").get("negElbo").asDouble()).isEqualTo(negElbo);
        assertThat(JSON.readTree(dir.resolve("checkpoint/step-000000006/state.json").toFile()).get("epochsCompleted").asInt()).isEqualTo(2);
        // 64-pixel tiles shown at twice their size, a gap between them; samples: 8 in a row under a title
        int tile = ImageGrid.scale(new ImageShape(1, 64, 64)) * 64;
        assertThat(tile).isEqualTo(128);
        var samples = ImageIO.read(dir.resolve("images/samples.png").toFile());
        assertThat(samples.getWidth()).isEqualTo(ImageGrid.GAP + 8 * (tile + ImageGrid.GAP));
        var recon = ImageIO.read(dir.resolve("images/reconstructions.png").toFile());
        assertThat(recon.getHeight()).isEqualTo(ImageGrid.GAP + 2 * (tile + ImageGrid.GAP));   // inputs row + reconstructions row
        assertThat(recon.getWidth()).isGreaterThan(ImageGrid.GAP + 8 * (tile + ImageGrid.GAP));  // and the row labels
        // traversals: 3 test images x 4 latent dimensions, 9 steps each; t-SNE of the 32 test images; the curves
        var traversals = ImageIO.read(dir.resolve("images/traversals.png").toFile());
        assertThat(traversals.getHeight()).isGreaterThan(ImageGrid.GAP + 3 * 4 * (tile + ImageGrid.GAP));
        assertThat(traversals.getWidth()).isGreaterThan(ImageGrid.GAP + 9 * (tile + ImageGrid.GAP));
        assertThat(ImageIO.read(dir.resolve("images/tsne.png").toFile()).getWidth()).isEqualTo(TsnePicture.WIDTH);
        assertThat(ImageIO.read(dir.resolve("images/curves.png").toFile()).getHeight())
                .isEqualTo(2 * TrainingCurves.CHART_HEIGHT);
        assertThat(summary.get("images").toString()).contains("images/traversals.png", "images/tsne.png", "images/curves.png");

        // config.json is the resolved config, byte-identical on a re-run, and loads back to the same config
        String configJson = Files.readString(dir.resolve("config.json"));
        RunResult again = run(configJson, tmp);
        assertThat(again.directory()).isNotEqualTo(dir);                  // a new directory, never overwritten
        assertThat(Files.readString(again.directory().resolve("config.json"))).isEqualTo(configJson);
    }

    @Test
    void sameConfigAndSeedGiveIdenticalMetrics() throws IOException {
        Path a = run(TestFixtures.TINY_CONFIG, tmp.resolve("a")).directory();
        Path b = run(TestFixtures.TINY_CONFIG, tmp.resolve("b")).directory();
        assertThat(numbers(a)).isEqualTo(numbers(b));
        Path c = run(TestFixtures.TINY_CONFIG, tmp.resolve("c"), "seed=8").directory();
        assertThat(numbers(c)).isNotEqualTo(numbers(a));
    }

    @Test
    void aPluginFromTheTestClassPathTrainsWithoutFrameworkChanges() throws IOException {
        String yaml = TestFixtures.TINY_CONFIG.replace("decoder: {type: mlp, hidden: [32]}",
                "decoder: {type: mlp, hidden: [32]}\n  prior: {type: scaled-normal, scale: 1.5}")
                .replace("- {type: beta-kl, beta: 2.0}", "- {type: beta-kl, beta: 2.0}\n  - {type: latent-l2, weight: 0.5}");
        Path dir = run(yaml, tmp).directory();
        List<JsonNode> metrics = numbers(dir);
        JsonNode last = metrics.get(metrics.size() - 1);
        assertThat(last.get("test/loss/latent-l2").asDouble()).isFinite().isPositive();
        assertThat(last.get("test/loss/kl").asDouble()).isFinite();
        assertThat(last.get("test/loss/total").asDouble()).isCloseTo(last.get("test/loss/recon").asDouble()
                + 2.0 * last.get("test/loss/kl").asDouble() + 0.5 * last.get("test/loss/latent-l2").asDouble(),
                org.assertj.core.data.Offset.offset(1e-2));
        JsonNode provenance = JSON.readTree(dir.resolve("provenance.json").toFile());
        assertThat(provenance.get("plugins").findValuesAsText("type")).contains("scaled-normal", "latent-l2");
        Map<?, ?> summary = JSON.readValue(dir.resolve("summary.json").toFile(), Map.class);
        assertThat(summary.get("steps")).isEqualTo(6);
    }

    @Test
    void aCorruptionFeedsTheEncoderAndItsMaskReachesTheOcclusionTerm() throws IOException {
        String yaml = TestFixtures.TINY_CONFIG
                .replace("losses:", "corruption: {type: block-occlusion, blocks: 1, minSize: 8, maxSize: 16}\nlosses:")
                .replace("- {type: bernoulli-reconstruction}",
                        "- {type: occlusion-weighted-reconstruction, lambdaHidden: 3.0, lambdaVisible: 1.0}");
        Path dir = run(yaml, tmp).directory();
        List<JsonNode> metrics = numbers(dir);
        JsonNode firstStep = metrics.get(0);
        JsonNode lastEpoch = metrics.get(metrics.size() - 1);
        // training steps are scored by the weighted term on occluded inputs
        assertThat(firstStep.get("train/loss/occlusion").asDouble()).isFinite().isPositive();
        // evaluation is on clean inputs with an empty mask: the weighted term equals lambdaVisible x NLL = the ELBO's part
        assertThat(lastEpoch.get("test/loss/occlusion").asDouble()).isCloseTo(lastEpoch.get("test/recon").asDouble(),
                org.assertj.core.data.Offset.offset(1e-3 * lastEpoch.get("test/recon").asDouble()));
        JsonNode provenance = JSON.readTree(dir.resolve("provenance.json").toFile());
        assertThat(provenance.get("plugins").findValuesAsText("type")).contains("block-occlusion",
                "occlusion-weighted-reconstruction");
        JsonNode robustness = JSON.readTree(dir.resolve("summary.json").toFile()).get("robustness");
        assertThat(robustness.get("corrupted/psnr").asDouble()).isFinite().isPositive();
        assertThat(robustness.get("corrupted/mseHidden").asDouble()).isPositive();
        assertThat(robustness.get("corrupted/mseVisible").asDouble()).isPositive();
        assertThat(robustness.get("clean/ssim").asDouble()).isBetween(-1.0, 1.0);
        assertThat(lastEpoch.get("test/corrupted/psnr").asDouble()).isEqualTo(robustness.get("corrupted/psnr").asDouble());
        var picture = ImageIO.read(dir.resolve("images/corruption.png").toFile());
        assertThat(picture.getHeight())         // clean, corrupted, reconstructed rows
                .isEqualTo(ImageGrid.GAP + 3 * (ImageGrid.scale(new ImageShape(1, 64, 64)) * 64 + ImageGrid.GAP));
        // the same seed gives the same corruption and so the same numbers
        assertThat(numbers(run(yaml, tmp.resolve("again")).directory())).isEqualTo(metrics);
    }

    @Test
    void aModelTrainedWithoutCorruptionCanBeScoredUnderOne() throws IOException {
        String yaml = TestFixtures.TINY_CONFIG.replace("evaluation: {batchSize: 32,",
                "evaluation: {corruption: {type: salt-and-pepper, probability: 0.2}, batchSize: 32,");
        Path dir = run(yaml, tmp).directory();
        JsonNode robustness = JSON.readTree(dir.resolve("summary.json").toFile()).get("robustness");
        double hidden = robustness.get("corrupted/mseHidden").asDouble();
        assertThat(hidden).isPositive();
        // the baseline: PSNR of the corrupted input itself
        assertThat(robustness.get("corrupted/inputPsnr").asDouble()).isFinite();
        assertThat(JSON.readTree(dir.resolve("provenance.json").toFile()).get("plugins").findValuesAsText("type"))
                .contains("salt-and-pepper");
    }
}
