package org.vaelab.experiments.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A config as its leaves, {@code losses[1].beta -> 4.0}: for comparing configs path by path. */
public final class ConfigPaths {

    private ConfigPaths() {}

    /**
     * @param config a config tree (such as a run's config.json)
     * @return every leaf as {@code path -> value}, sorted by path, with list items as {@code losses[1].beta}
     */
    public static Map<String, String> flatten(JsonNode config) {
        Map<String, String> out = new TreeMap<>();
        flatten("", config, out);
        return out;
    }

    /**
     * @param a one config's leaves
     * @param b another's
     * @return the paths whose values differ (or that only one has)
     */
    public static Set<String> differing(Map<String, String> a, Map<String, String> b) {
        Set<String> paths = new TreeSet<>(a.keySet());
        paths.addAll(b.keySet());
        paths.removeIf(p -> java.util.Objects.equals(a.get(p), b.get(p)));
        return paths;
    }

    private static void flatten(String path, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), out));
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.put(path, "[]");
            }
            for (int i = 0; i < node.size(); i++) {
                flatten(path + "[" + i + "]", node.get(i), out);
            }
        } else {
            out.put(path, node.isNull() ? "null" : node.asText());
        }
    }
}
