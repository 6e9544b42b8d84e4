package org.vaelab.cluster.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.vaelab.experiments.RunFiles;
import org.vaelab.experiments.TestFixtures;
import org.vaelab.experiments.plugins.Framework;

/** The Spark tests' shared set-up: one framework per JVM, a tiny config, and a sweep folder's records. */
final class SparkSweeps {

    /** The framework tests' tiny config with one engine thread (so two trials share the two cores of local[2]). */
    static final String TINY_CONFIG = TestFixtures.TINY_CONFIG.replace("logEvery: 1}", "logEvery: 1, threads: 1}");

    /** Spark settings for tests: no web UI (no port to find), everything on the loopback address. */
    static final Map<String, String> QUIET_SPARK = Map.of("spark.ui.enabled", "false", "spark.driver.host", "127.0.0.1",
            "spark.driver.bindAddress", "127.0.0.1");

    private SparkSweeps() {}

    /** @return the framework over the class path's plugins */
    static Framework framework() {
        return TestFixtures.framework();
    }

    /** @return a stream that keeps nothing */
    static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }

    /** @return the run directories in a sweep folder (not the hidden ones) */
    static List<Path> runDirectories(Path sweepDir) {
        try (Stream<Path> children = Files.list(sweepDir)) {
            return children.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a JSON file's tree */
    static JsonNode json(Path file) {
        return RunFiles.json(file);
    }

    /** @return every run's metrics.jsonl lines without timings, by config hash */
    static Map<String, List<JsonNode>> numbersByConfig(Path sweepDir) {
        Map<String, List<JsonNode>> numbers = new TreeMap<>();
        for (Path run : runDirectories(sweepDir)) {
            numbers.put(json(run.resolve("provenance.json")).path("configSha256").asText(), RunFiles.metricNumbers(run));
        }
        return numbers;
    }
}
