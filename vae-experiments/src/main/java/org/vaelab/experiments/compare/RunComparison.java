package org.vaelab.experiments.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vaelab.experiments.config.ConfigPaths;
import org.vaelab.experiments.run.JsonFiles;

/** Two runs side by side: what differs in their configs, their results, and where their records came from. */
public final class RunComparison {

    /** Values that measure time, not the model: never a difference worth reporting. */
    static final Set<String> TIMINGS = Set.of("trainSeconds", "train.imagesPerSec", "train/imagesPerSec",
            "train/epochSeconds", "imagesPerSec");

    /** Provenance sections that say where numbers came from. */
    static final List<String> ORIGIN = List.of("versions", "threads", "machine", "git", "data.sha256", "engine.name");

    private RunComparison() {}

    /**
     * @param a one run's config.json (or any JSON)
     * @param b another's
     * @return {@code path: a -> b} for each differing leaf
     */
    public static List<String> differences(JsonNode a, JsonNode b) {
        Map<String, String> fa = ConfigPaths.flatten(a);
        Map<String, String> fb = ConfigPaths.flatten(b);
        List<String> out = new ArrayList<>();
        for (String p : ConfigPaths.differing(fa, fb)) {
            out.add(p + ": " + fa.getOrDefault(p, "(absent)") + " -> " + fb.getOrDefault(p, "(absent)"));
        }
        return out;
    }

    /**
     * @param a one run's summary.json
     * @param b another's
     * @return {@code path: a -> b (b - a)} for each numeric result, timings aside, in path order
     */
    public static List<String> resultDifferences(JsonNode a, JsonNode b) {
        Map<String, Double> na = numbers(a);
        Map<String, Double> nb = numbers(b);
        Set<String> paths = new TreeSet<>(na.keySet());
        paths.addAll(nb.keySet());
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            Double x = na.get(p);
            Double y = nb.get(p);
            if (x != null && y != null) {
                if (Double.compare(x, y) != 0) {
                    // full precision: a difference in the last bit must be visible
                    out.add(p + ": " + x + " -> " + y + String.format(Locale.ROOT, " (%+.4g)", y - x));
                }
            } else {
                out.add(p + ": " + (x == null ? "(absent)" : x) + " -> " + (y == null ? "(absent)" : y));
            }
        }
        return out;
    }

    /**
     * @param a one run's provenance.json
     * @param b another's
     * @return the differences in versions, threads, machine, git commit, data checksum and engine
     */
    public static List<String> originDifferences(JsonNode a, JsonNode b) {
        List<String> out = new ArrayList<>();
        for (String section : ORIGIN) {
            JsonNode x = at(a, section);
            JsonNode y = at(b, section);
            if (x.isValueNode() || y.isValueNode() || x.isMissingNode() || y.isMissingNode()) {
                if (!x.equals(y)) {
                    out.add(section + ": " + text(x) + " -> " + text(y));
                }
            } else {
                differences(x, y).forEach(d -> out.add(section + "." + d));
            }
        }
        return out;
    }

    private static JsonNode at(JsonNode node, String dotted) {
        JsonNode n = node;
        for (String part : dotted.split("\\.")) {
            n = n.path(part);
        }
        return n;
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() ? "(absent)" : n.isValueNode() ? n.asText() : n.toString();
    }

    /** @return every numeric leaf of a summary as {@code test.negElbo} or {@code metrics.mig}, timings aside */
    static Map<String, Double> numbers(JsonNode summary) {
        Map<String, Double> out = new TreeMap<>();
        collect("", summary, out);
        TIMINGS.forEach(out::remove);
        return out;
    }

    private static void collect(String path, JsonNode node, Map<String, Double> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> collect(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), out));
        } else if (node.isNumber()) {
            out.put(path, node.asDouble());
        }
    }

    /**
     * @param run a run directory
     * @param file a JSON file in it
     * @param mapper the mapper
     * @return its tree
     */
    static JsonNode read(Path run, String file, ObjectMapper mapper) {
        return JsonFiles.read(mapper, run.resolve(file));
    }
}
