package org.vaelab.cluster.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.vaelab.experiments.plugins.Framework;

/** The Spark tests' shared set-up: one framework per JVM, a tiny config, and a sweep folder's records. */
final class SparkSweeps {

    /** 96 dSprites images, a 32-unit MLP, one engine thread (so two trials share the two cores of local[2]). */
    static final String TINY_CONFIG = """
            name: tiny
            seed: 7
            data: {type: dsprites, trainSize: 96, testSize: 32}
            model:
              latentDim: 4
              encoder: {type: mlp, hidden: [32]}
              decoder: {type: mlp, hidden: [32]}
            losses:
              - {type: bernoulli-reconstruction}
              - {type: beta-kl, beta: 2.0}
            training: {epochs: 2, batchSize: 32, logEvery: 1, threads: 1}
            evaluation: {batchSize: 32, reconstructions: 8, samples: 8, traversals: 0, tsnePoints: 0}
            """;

    /** Spark settings for tests: no web UI (no port to find), everything on the loopback address. */
    static final Map<String, String> QUIET_SPARK = Map.of("spark.ui.enabled", "false", "spark.driver.host", "127.0.0.1",
            "spark.driver.bindAddress", "127.0.0.1");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TIMINGS = List.of("train/imagesPerSec", "train/epochSeconds", "imagesPerSec",
            "trainSeconds");
    private static Framework framework;

    private SparkSweeps() {}

    /** @return the framework over the class path's plugins */
    static synchronized Framework framework() {
        if (framework == null) {
            framework = Framework.start(List.of());
        }
        return framework;
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
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return every run's metrics.jsonl lines without timings, by config hash */
    static Map<String, List<JsonNode>> numbersByConfig(Path sweepDir) {
        Map<String, List<JsonNode>> numbers = new TreeMap<>();
        for (Path run : runDirectories(sweepDir)) {
            List<JsonNode> lines = new ArrayList<>();
            try {
                for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
                    ObjectNode node = (ObjectNode) JSON.readTree(line);
                    node.remove(TIMINGS);
                    lines.add(node);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            numbers.put(json(run.resolve("provenance.json")).path("configSha256").asText(), lines);
        }
        return numbers;
    }
}
