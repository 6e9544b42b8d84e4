package org.vaelab.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.experiments.RunFiles;
import org.vaelab.experiments.TestFixtures;

/** eval, sample, encode and reconstruct through the CLI on a tiny trained run, as a user runs them. */
class TrainedRunCommandsTest {

    @TempDir
    static Path tmp;

    private static Path run;

    @BeforeAll
    static void train() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("tiny.yaml"), TestFixtures.TINY_CONFIG.replace("evaluation: {",
                "evaluation: {metrics: [{type: mean-abs-code}], "));
        CliRun.Outcome o = CliRun.vaelab("train", cfg.toString(), "--out", tmp.resolve("runs").toString(), "--quiet");
        assertThat(o.status()).as(o.err()).isZero();
        run = Path.of(o.out().strip());
    }

    @Test
    void trainingComputesTheConfiguredMetricsIntoTheSummaryAndTheLog() {
        JsonNode metrics = RunFiles.json(run.resolve("summary.json")).get("metrics");
        assertThat(metrics.get("mean-abs-code/code").asDouble()).isPositive();
        assertThat(metrics.get("mean-abs-code/mse").asDouble()).isPositive().isLessThan(1);
        List<JsonNode> lines = RunFiles.metricNumbers(run);
        assertThat(lines.get(lines.size() - 1).get("metric/mean-abs-code/code").asDouble())
                .isEqualTo(metrics.get("mean-abs-code/code").asDouble());
    }

    @Test
    void evalAddsItsResultsWithoutTouchingTheTrainingRecords() throws Exception {
        String log = Files.readString(run.resolve("metrics.jsonl"));
        String summary = Files.readString(run.resolve("summary.json"));
        CliRun.Outcome o = CliRun.vaelab("eval", run.toString(), "--metric", "{type: mean-abs-code}");
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("mean-abs-code/code").contains("evaluations.json");
        JsonNode all = RunFiles.json(run.resolve("eval/evaluations.json")).get("evaluations");
        JsonNode evaluation = all.get(all.size() - 1);
        // the same model, metric and seed as at the end of training: the same number
        assertThat(evaluation.get("metrics").get("mean-abs-code/code").asDouble())
                .isEqualTo(RunFiles.json(run.resolve("summary.json")).get("metrics").get("mean-abs-code/code").asDouble());
        assertThat(evaluation.get("checkpoint").asText()).startsWith("step-");
        assertThat(Files.readString(run.resolve("metrics.jsonl"))).isEqualTo(log);
        assertThat(Files.readString(run.resolve("summary.json"))).isEqualTo(summary);

        CliRun.Outcome unknown = CliRun.vaelab("eval", run.toString(), "--metric", "no-such-metric");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("no-such-metric").contains("mean-abs-code").doesNotContain("Exception");
        CliRun.Outcome needsFactors = CliRun.vaelab("eval", run.toString(), "--metric", "{type: mean-abs-code, needFactors: true}");
        assertThat(needsFactors.status()).as(needsFactors.err()).isZero();     // dSprites has a factor generator
    }

    @Test
    void sampleWritesAGridOfDecodedPriorDrawsThatDependOnTheSeed() throws Exception {
        Path a = tmp.resolve("a.png");
        Path b = tmp.resolve("b.png");
        assertThat(CliRun.vaelab("sample", run.toString(), "--n", "6", "--columns", "3", "--out", a.toString()).status()).isZero();
        assertThat(CliRun.vaelab("sample", run.toString(), "--n", "6", "--columns", "3", "--seed", "1", "--out", b.toString())
                .status()).isZero();
        BufferedImage ia = ImageIO.read(a.toFile());
        BufferedImage ib = ImageIO.read(b.toFile());
        assertThat(ia.getWidth()).isGreaterThan(ia.getHeight());               // 3 columns, 2 rows
        assertThat(java.util.Arrays.equals(pixels(ia), pixels(ib))).isFalse();
        CliRun.Outcome bad = CliRun.vaelab("sample", run.toString(), "--n", "0");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("--n");
    }

    private static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    @Test
    void encodeWritesMeansAndLogVariancesAsCsvAndNpy() throws Exception {
        Path csv = tmp.resolve("codes.csv");
        Path npy = tmp.resolve("codes.npy");
        assertThat(CliRun.vaelab("encode", run.toString(), "--out", csv.toString()).status()).isZero();
        assertThat(CliRun.vaelab("encode", run.toString(), "--out", npy.toString()).status()).isZero();
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).isEqualTo("split,index,label,mean_0,mean_1,mean_2,mean_3,logVar_0,logVar_1,logVar_2,logVar_3");
        assertThat(rows).hasSize(1 + 32);                                     // the 32 test images
        INDArray codes = Nd4j.createFromNpyFile(npy.toFile());
        assertThat(codes.shape()).containsExactly(32, 8);
        String[] first = rows.get(1).split(",");
        assertThat(first[0]).isEqualTo("test");
        for (int j = 0; j < 8; j++) {
            assertThat(Float.parseFloat(first[3 + j])).isEqualTo(codes.getFloat(0, j));
        }
        assertThat(CliRun.vaelab("encode", run.toString(), "--split", "all", "--out", csv.toString()).status()).isZero();
        assertThat(Files.readAllLines(csv)).hasSize(1 + 32 + 96);
        Path folder = Files.createDirectories(tmp.resolve("to-encode/sub"));
        for (String name : List.of("b.png", "a,1.png")) {
            ImageIO.write(new BufferedImage(20, 30, BufferedImage.TYPE_BYTE_GRAY), "png", folder.resolve(name).toFile());
        }
        Path fromFolder = tmp.resolve("folder.csv");
        assertThat(CliRun.vaelab("encode", run.toString(), "--data", tmp.resolve("to-encode").toString(), "--out",
                fromFolder.toString()).status()).isZero();
        List<String> folderRows = Files.readAllLines(fromFolder);
        assertThat(folderRows.get(0)).startsWith("file,mean_0,");
        assertThat(folderRows.get(1)).startsWith("\"sub/a,1.png\",");          // sorted, quoted for CSV
        assertThat(folderRows.get(2)).startsWith("sub/b.png,");
        // two black images: the same code
        assertThat(folderRows.get(1).substring(folderRows.get(1).indexOf(".png\",") + 6))
                .isEqualTo(folderRows.get(2).substring(folderRows.get(2).indexOf(".png,") + 5));
        CliRun.Outcome bad = CliRun.vaelab("encode", run.toString(), "--out", tmp.resolve("codes.txt").toString());
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains(".csv or .npy");
    }

    @Test
    void reconstructRepairsAFolderOfTheUsersImages() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("mine"));
        for (int i = 0; i < 3; i++) {                      // 40x40 pictures, resized to the model's 64x64
            BufferedImage img = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
            var g = img.createGraphics();
            g.fillOval(5 + 5 * i, 8, 20, 20);
            g.dispose();
            ImageIO.write(img, "png", folder.resolve("shape" + i + ".png").toFile());
        }
        Path out = tmp.resolve("repaired");
        CliRun.Outcome o = CliRun.vaelab("reconstruct", run.toString(), "--images", folder.toString(), "--out", out.toString(),
                "--corruption", "{type: block-occlusion, minSize: 8, maxSize: 16}");
        assertThat(o.status()).as(o.err()).isZero();
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("grid.png",
                    "shape0.png", "shape1.png", "shape2.png", "shape0.corrupted.png", "shape1.corrupted.png",
                    "shape2.corrupted.png");
        }
        assertThat(ImageIO.read(out.resolve("shape0.png").toFile())).isNotNull();
        CliRun.Outcome empty = CliRun.vaelab("reconstruct", run.toString(), "--images", Files.createDirectories(tmp.resolve("none")).toString());
        assertThat(empty.status()).isEqualTo(2);
        assertThat(empty.err()).contains("holds no image files");
    }

    @Test
    void theLikelihoodMetricsAgreeWithTheTrainingRunsOwnEstimates() {
        CliRun.Outcome o = CliRun.vaelab("eval", run.toString(), "--metric", "elbo", "--metric", "{type: iwae-nll, samples: 5}");
        assertThat(o.status()).as(o.err()).isZero();
        JsonNode evaluations = RunFiles.json(run.resolve("eval/evaluations.json")).get("evaluations");
        JsonNode values = evaluations.get(evaluations.size() - 1).get("metrics");
        double testNegElbo = RunFiles.json(run.resolve("summary.json")).get("test").get("negElbo").asDouble();
        // another noise draw of the same estimate on 32 images: close, not equal
        assertThat(values.get("elbo/negElbo").asDouble()).isCloseTo(testNegElbo, org.assertj.core.data.Percentage.withPercentage(5));
        assertThat(values.get("elbo/negElbo").asDouble()).isCloseTo(values.get("elbo/recon").asDouble()
                + values.get("elbo/kl").asDouble(), org.assertj.core.data.Offset.offset(1e-3));
        // the IWAE bound is tighter than the ELBO: below it
        assertThat(values.get("iwae-nll").asDouble()).isLessThan(values.get("elbo/negElbo").asDouble()).isPositive();
    }

    @Test
    void aRunWrittenBeforeAConfigFieldExistedStaysUsable() throws Exception {
        // a copy of the run as an older vaelab wrote it: config.json without evaluation.metrics, hashed as such
        Path old = tmp.resolve("old-run");
        try (Stream<Path> walk = Files.walk(run)) {
            for (Path p : walk.toList()) {
                Path target = old.resolve(run.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        var config = (com.fasterxml.jackson.databind.node.ObjectNode) RunFiles.json(old.resolve("config.json"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) config.get("evaluation")).remove("metrics");
        Files.writeString(old.resolve("config.json"), config.toPrettyString());
        String sha = org.vaelab.experiments.run.Environment.sha256(old.resolve("config.json"));
        Files.writeString(old.resolve("provenance.json"), Files.readString(old.resolve("provenance.json"))
                .replaceAll("\"configSha256\"\\s*:\\s*\"[0-9a-f]+\"", "\"configSha256\" : \"" + sha + "\""));
        // the checkpoints carry the old hash too
        try (Stream<Path> states = Files.walk(old.resolve("checkpoint"))) {
            for (Path state : states.filter(p -> p.getFileName().toString().equals("state.json")).toList()) {
                Files.writeString(state, Files.readString(state).replaceAll("\"configSha256\"\\s*:\\s*\"[0-9a-f]+\"",
                        "\"configSha256\":\"" + sha + "\""));
                Path manifest = state.resolveSibling("manifest.json");
                var m = (com.fasterxml.jackson.databind.node.ObjectNode) RunFiles.json(manifest);
                ((com.fasterxml.jackson.databind.node.ObjectNode) m.get("files").get("state.json"))
                        .put("bytes", Files.size(state)).put("sha256", org.vaelab.experiments.run.Environment.sha256(state));
                Files.writeString(manifest, m.toString());
            }
        }
        CliRun.Outcome o = CliRun.vaelab("eval", old.toString(), "--metric", "mean-abs-code");
        assertThat(o.status()).as(o.err()).isZero();
        Files.writeString(old.resolve("config.json"), Files.readString(old.resolve("config.json")).replace("\"seed\" : 7", "\"seed\" : 8"));
        CliRun.Outcome edited = CliRun.vaelab("eval", old.toString(), "--metric", "mean-abs-code");
        assertThat(edited.status()).isEqualTo(2);
        assertThat(edited.err()).contains("was changed after the run started");
    }

    @Test
    void theMetricsPluginsMetricsRunOnATrainedModel() {
        CliRun.Outcome o = CliRun.vaelab("eval", run.toString(), "--metric", "active-units", "--metric", "{type: mig, numTrain: 300}",
                "--metric", "{type: linear-probe, epochs: 2}");
        assertThat(o.status()).as(o.err()).isZero();
        JsonNode evaluations = RunFiles.json(run.resolve("eval/evaluations.json")).get("evaluations");
        JsonNode values = evaluations.get(evaluations.size() - 1).get("metrics");
        assertThat(values.get("active-units").asDouble()).isBetween(0.0, 4.0);       // of the 4 latent dimensions
        assertThat(values.get("mig").asDouble()).isBetween(0.0, 1.0);
        assertThat(values.get("linear-probe").asDouble()).isBetween(0.0, 1.0);     // test accuracy on dSprites' shapes
        assertThat(values.get("linear-probe/train").asDouble()).isBetween(0.0, 1.0);
        assertThat(values.get("active-units/fraction").asDouble()).isEqualTo(values.get("active-units").asDouble() / 4);
    }

    @Test
    void aMetricTheDataCannotServeFailsBeforeTraining() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("unlabelled"));
        for (int i = 0; i < 10; i++) {
            ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "png", folder.resolve(i + ".png").toFile());
        }
        Path cfg = Files.writeString(tmp.resolve("folder.yaml"), TestFixtures.TINY_CONFIG
                .replace("data: {type: dsprites, trainSize: 96, testSize: 32}",
                        "data: {type: image-folder, path: " + folder + ", height: 8, width: 8, testFraction: 0.2}")
                .replace("evaluation: {", "evaluation: {metrics: [{type: mig}], "));
        Path out = tmp.resolve("folder-runs");
        CliRun.Outcome o = CliRun.vaelab("train", cfg.toString(), "--out", out.toString());
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("metric 'mig' needs data with ground-truth factors");
        assertThat(o.out()).doesNotContain("epoch 1/");
        assertThat(out).doesNotExist();
    }

    @Test
    void evalDrawsThePicturesAgainOnDemand() throws Exception {
        String summary = Files.readString(run.resolve("summary.json"));
        CliRun.Outcome o = CliRun.vaelab("eval", run.toString(), "--pictures");
        assertThat(o.status()).as(o.err()).isZero();
        for (String picture : List.of("reconstructions.png", "samples.png", "curves.png")) {
            assertThat(ImageIO.read(run.resolve("eval/images").resolve(picture).toFile())).as(picture).isNotNull();
        }
        // the same model, seed and settings as at the end of training: the same samples, pixel for pixel
        assertThat(pixels(ImageIO.read(run.resolve("eval/images/samples.png").toFile())))
                .isEqualTo(pixels(ImageIO.read(run.resolve("images/samples.png").toFile())));
        assertThat(Files.readString(run.resolve("summary.json"))).isEqualTo(summary);
    }
}
