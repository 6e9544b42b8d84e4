package org.vaelab.experiments.trained;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.vaelab.experiments.run.AtomicFiles;
import org.vaelab.experiments.run.JsonFiles;

/**
 * A run's {@code eval/evaluations.json}: every {@code vaelab eval} of the run, appended, with what was computed,
 * when, by which command and from which checkpoint. The training records (metrics.jsonl, summary.json) are
 * never touched.
 */
public final class Evaluations {

    /** The folder, inside a run directory, for what is computed after training. */
    public static final String FOLDER = "eval";
    /** The file of evaluations. */
    public static final String FILE = "evaluations.json";

    private Evaluations() {}

    /**
     * @param run the run directory
     * @param mapper the JSON mapper
     * @param record the evaluation: time, command, checkpoint, metric specs, values
     * @return the file written
     */
    public static Path append(Path run, ObjectMapper mapper, Map<String, Object> record) {
        Path file = run.resolve(FOLDER).resolve(FILE);
        ObjectNode root;
        if (Files.exists(file)) {
            JsonNode existing = JsonFiles.read(mapper, file);
            root = existing.isObject() ? (ObjectNode) existing : mapper.createObjectNode();
        } else {
            root = mapper.createObjectNode();
        }
        ArrayNode list = root.has("evaluations") && root.get("evaluations").isArray()
                ? (ArrayNode) root.get("evaluations") : root.putArray("evaluations");
        list.add(mapper.valueToTree(record));
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.writeString(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** @return the values of every evaluation in the file, oldest first (empty when there is none) */
    static List<JsonNode> all(Path run, ObjectMapper mapper) {
        Path file = run.resolve(FOLDER).resolve(FILE);
        if (!Files.exists(file)) {
            return List.of();
        }
        List<JsonNode> out = new java.util.ArrayList<>();
        JsonFiles.read(mapper, file).path("evaluations").forEach(out::add);
        return out;
    }
}
