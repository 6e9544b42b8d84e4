package org.vaelab.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reading a run directory's records in tests, without the wall-clock values that legitimately differ between runs. */
public final class RunFiles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TIMINGS = List.of("train/imagesPerSec", "train/epochSeconds", "imagesPerSec",
            "trainSeconds");

    private RunFiles() {}

    /** @return metrics.jsonl's lines without timings */
    public static List<JsonNode> metricNumbers(Path run) {
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
        return lines;
    }

    /** @return the training objective ({@code train/loss/total}) of each metrics.jsonl line that logs one, in order */
    public static List<Double> trainingObjective(Path run) {
        return metricNumbers(run).stream().filter(n -> n.has("train/loss/total"))
                .map(n -> n.get("train/loss/total").asDouble()).toList();
    }

    /** @return summary.json without timings and without the run's own name */
    public static JsonNode summaryNumbers(Path run) {
        ObjectNode summary = (ObjectNode) json(run.resolve("summary.json"));
        summary.remove(List.of("trainSeconds", "runId"));
        ((ObjectNode) summary.get("train")).remove(TIMINGS);
        return summary;
    }

    /** @return a JSON file's tree */
    public static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return provenance.json's status */
    public static String status(Path run) {
        return json(run.resolve("provenance.json")).path("status").asText();
    }

    /** @return the one run directory in a folder */
    public static Path onlyRun(Path parent) {
        try (Stream<Path> dirs = Files.list(parent)) {
            List<Path> runs = dirs.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
            if (runs.size() != 1) {
                throw new AssertionError("expected one run directory in " + parent + ", found " + runs);
            }
            return runs.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the names of the complete checkpoints, oldest first */
    public static List<String> checkpoints(Path run) {
        Path root = run.resolve("checkpoint");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("step-")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
