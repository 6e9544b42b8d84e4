package org.vaelab.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every config in examples/zoo validates and builds on a fast engine (the compiled or the dense one, never
 * SameDiff's session), through the CLI as a user runs it. The data are cut to a few images so the check is
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
        assertThat(o.out()).contains("valid").containsPattern("engine: (compiled|dense)");
    }
}
