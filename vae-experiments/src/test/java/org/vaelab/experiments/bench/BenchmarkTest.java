package org.vaelab.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.experiments.TestFixtures;
import org.vaelab.experiments.cli.Main;
import org.vaelab.experiments.config.ConfigLoader;
import org.vaelab.experiments.config.ExperimentConfig;

/** The benchmark's figures exist and are positive; their values are machine-dependent and never asserted. */
class BenchmarkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void reportsEveryFigure() {
        ExperimentConfig config = new ConfigLoader(TestFixtures.framework()).parse(TestFixtures.TINY_CONFIG, "tiny.yaml", List.of());
        var settings = new Benchmark.Settings(1, 2, 0, 0.001, List.of(new int[] {16, 32, 8}), 3, 4, 3, false);
        Map<String, Object> r = new Benchmark(TestFixtures.framework(), new PrintStream(new ByteArrayOutputStream()))
                .run(config, settings);
        JsonNode n = JSON.valueToTree(r);
        for (String path : List.of("/train/imagesPerSec", "/train/gflops", "/train/fractionOfMatmul", "/train/epochSeconds/0",
                "/eval/imagesPerSec", "/eval/gflops", "/eval/fractionOfMatmul", "/eval/negElbo", "/flops/forwardPerImage",
                "/flops/trainPerImage", "/matmulGflops/16x32x8", "/peakRssMiB", "/threads/availableProcessors",
                "/model/parameters", "/iwae/imagesPerSec", "/iwae/samplesPerSec", "/iwae/negLogLikelihood")) {
            assertThat(n.at(path).isNumber()).as(path).isTrue();
            assertThat(n.at(path).asDouble()).as(path).isPositive();
        }
        assertThat(n.at("/nTrain").asLong()).isEqualTo(96);
        assertThat(n.at("/iwae/images").asLong()).isEqualTo(4);
        assertThat(n.at("/threads/blasVendor").asText()).isNotBlank();
        assertThat(Benchmark.describe(r)).contains("img/s").contains("GFLOP/s").contains("peak RSS");
    }

    @Test
    void countsTwoFlopsPerWeightForwardAndThreeTimesThatForTraining() {
        FlopCount f = FlopCount.of(Map.of("encoder/w0", Nd4j.create(DataType.FLOAT, 784, 512),
                "encoder/b0", Nd4j.create(DataType.FLOAT, 512),
                "conv/w", Nd4j.create(DataType.FLOAT, 4, 4, 1, 32)));
        assertThat(f.forwardPerImage()).isEqualTo(2.0 * 784 * 512);
        assertThat(f.trainPerImage()).isEqualTo(6.0 * 784 * 512);
        assertThat(f.countedWeights()).containsExactly("encoder/w0");
        assertThat(f.uncounted()).containsExactly("conv/w");
    }

    @Test
    void countsEachConvolutionOfTheGraphByItsPositions() {
        // dSprites 64x64: conv 1 -> 3 (32x32 out), conv 3 -> 8 (16x16 out); the decoder's transposed 6 -> 5 from
        // 16x16 and 5 -> 1 from 32x32; kernel 4, so each position is a (16 * in) x out product
        String yaml = TestFixtures.TINY_CONFIG.replace("encoder: {type: mlp, hidden: [32]}",
                "encoder: {type: conv, channels: [3, 8], kernel: 4, stride: 2, padding: 1, dense: [16]}")
                .replace("decoder: {type: mlp, hidden: [32]}",
                        "decoder: {type: conv, dense: [16], channels: [6, 5], kernel: 4, stride: 2, padding: 1}");
        var model = org.vaelab.experiments.EngineRuns.model(yaml, "conv.yaml", List.of());
        Map<String, Double> conv = FlopCount.convolutions(model.graph());
        assertThat(conv.values()).containsExactlyInAnyOrder(2.0 * 32 * 32 * 16 * 1 * 3, 2.0 * 16 * 16 * 16 * 3 * 8,
                2.0 * 16 * 16 * 16 * 6 * 5, 2.0 * 32 * 32 * 16 * 5 * 1);
        FlopCount f = FlopCount.of(model.graph().parameters(), conv);
        assertThat(f.countedWeights()).containsAll(conv.keySet());
        assertThat(f.uncounted()).isEmpty();
        double dense = model.graph().parameters().values().stream().filter(p -> p.rank() == 2 && p.size(0) > 1 && p.size(1) > 1)
                .mapToDouble(p -> 2.0 * p.size(0) * p.size(1)).sum();
        assertThat(f.forwardPerImage()).isEqualTo(dense + conv.values().stream().mapToDouble(Double::doubleValue).sum());
        assertThat(FlopCount.convolutions(org.vaelab.experiments.EngineRuns.model(TestFixtures.TINY_CONFIG, "mlp.yaml",
                List.of()).graph())).isEmpty();
    }

    @Test
    void theProfileTimesATrainingStepAndAnEvaluationBatchByOpType() {
        ExperimentConfig config = new ConfigLoader(TestFixtures.framework()).parse(TestFixtures.TINY_CONFIG, "tiny.yaml",
                List.of("training.engine=compiled"));
        var settings = new Benchmark.Settings(1, 2, 0, 0, List.of(), 0, 0, 1, true);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Map<String, Object> r = new Benchmark(TestFixtures.framework(), new PrintStream(printed, true, StandardCharsets.UTF_8))
                .run(config, settings);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("time per training step by op type")
                .contains("time per evaluation of 32 test images by op type");
        @SuppressWarnings("unchecked")
        Map<String, Double> micros = (Map<String, Double>) r.get("profileMicros");
        // the Bernoulli likelihood runs fused in both programs; its gradient only in training
        assertThat(micros).containsKeys("bernoulli_nll", "bernoulli_nll_bp", "eval bernoulli_nll", "eval xw_plus_b")
                .doesNotContainKey("eval bernoulli_nll_bp");
        assertThat(micros.values()).allMatch(us -> us > 0);
    }

    @Test
    void theCommandWritesTheJson() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("tiny.yaml"), TestFixtures.TINY_CONFIG);
        Path json = tmp.resolve("out/bench.json");
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            status = Main.execute("bench", cfg.toString(), "--epochs", "1", "--warmup-steps", "1", "--matmul-seconds", "0",
                    "--threads", "1", "--json", json.toString(), "--quiet");
        } finally {
            System.setOut(oldOut);
        }
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("train:").contains("eval:");
        JsonNode n = JSON.readTree(json.toFile());
        assertThat(n.at("/train/imagesPerSec").asDouble()).isPositive();
        assertThat(n.at("/eval/imagesPerSec").asDouble()).isPositive();
        assertThat(n.at("/threads/nd4jMaxThreads").asInt()).isEqualTo(1);
        assertThat(n.at("/command/1").asText()).isEqualTo("bench");
    }
}
