package org.vaelab.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every config in examples/zoo validates and builds on the compiled engine (never SameDiff's
 * session), through the CLI as a user runs it. The data are cut to a few images so the check is
 * quick; a Fashion-MNIST config is only bound and validated where the data set is not installed.
 */
class ZooConfigsTest {

    private static final Path ZOO = Path.of("").toAbsolutePath().getParent().resolve("examples/zoo");
    private static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    static List<Path> configs() throws IOException {
        try (Stream<Path> files = Files.list(ZOO)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void validatesAndBuildsOnAFastEngine(Path config) throws Exception {
        boolean idx = Files.readString(config).contains("type: idx");
        if (idx && !Files.isDirectory(FASHION_MNIST)) {
            CliRun.Outcome bound = CliRun.vaelab("validate", config.toString(), "--no-build");
            assertThat(bound.status()).as(bound.err()).isZero();
            return;
        }
        CliRun.Outcome o = CliRun.vaelab("validate", config.toString(), "--set", "data.trainSize=64",
                "--set", "data.testSize=16");
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("valid").contains("engine: compiled");
    }

    /**
     * Each objective learns: a few epochs of the config's own model and objective on 256 images (smaller
     * networks, a higher learning rate) lower the training objective from the first logged steps to the last. The
     * run ends by drawing samples, through the decoder-only graph with the likelihood's mean.
     */
    @ParameterizedTest
    @MethodSource("configs")
    void itsObjectiveFallsOnTinyData(Path config, @TempDir Path out) throws Exception {
        String text = Files.readString(config);
        assumeTrue(!text.contains("type: idx") || Files.isDirectory(FASHION_MNIST), "Fashion-MNIST is not installed");
        List<String> args = new java.util.ArrayList<>(List.of("train", config.toString(), "--out", out.toString(),
                "--set", "data.trainSize=256", "--set", "data.testSize=32", "--set", "training.epochs=4",
                "--set", "training.batchSize=32", "--set", "training.logEvery=1",
                "--set", "training.optimizer.learningRate=0.002", "--set", "evaluation.batchSize=32",
                "--set", "evaluation.traversals=0", "--set", "evaluation.tsnePoints=0",
                "--set", "evaluation.reconstructions=0", "--set", "evaluation.samples=4"));   // samples: the generator
        if (!text.contains("type: conv") && !text.contains("type: disentanglement-lib")) {   // MLPs made small; conv stays
            String encoder = text.contains("type: vq") ? "model.encoder.encoder" : "model.encoder";   // vq wraps one
            args.addAll(List.of("--set", encoder + ".hidden=[64]", "--set", "model.decoder.hidden=[64]"));
        }
        CliRun.Outcome o = CliRun.vaelab(args.toArray(String[]::new));
        assertThat(o.status()).as(o.err()).isZero();
        Path run = org.vaelab.experiments.RunFiles.onlyRun(out);
        List<Double> losses = org.vaelab.experiments.RunFiles.trainingObjective(run);
        double first = losses.subList(0, 4).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = losses.subList(losses.size() - 4, losses.size()).stream().mapToDouble(Double::doubleValue)
                .average().orElseThrow();
        assertThat(last).as(config.getFileName() + ": the objective falls (first steps " + first + ")").isLessThan(first);
    }
}
