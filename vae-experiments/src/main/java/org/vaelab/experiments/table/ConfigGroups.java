package org.vaelab.experiments.table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vaelab.experiments.config.ConfigPaths;
import org.vaelab.experiments.run.Environment;

/**
 * Runs grouped by their config without the seed: runs that differ only in the seed form one group (one row),
 * and a group's label names every config path whose value differs between groups, so two rows never look
 * alike while meaning different experiments.
 */
final class ConfigGroups {

    /** Config paths that never make runs different experiments. */
    private static final Set<String> IGNORED = Set.of("seed");

    /**
     * A group of runs of one config (seeds aside).
     *
     * @param key SHA-256 of the config without its seed
     * @param label the config name and the paths that set this group apart
     * @param runs the runs, by seed
     */
    record Group(String key, String label, List<RunCollection.Run> runs) {}

    private ConfigGroups() {}

    /**
     * @param runs completed runs
     * @return their groups, ordered by label
     */
    static List<Group> of(List<RunCollection.Run> runs) {
        Map<String, List<RunCollection.Run>> byKey = new LinkedHashMap<>();
        Map<String, Map<String, String>> flat = new LinkedHashMap<>();
        for (RunCollection.Run run : runs) {
            Map<String, String> values = new TreeMap<>(ConfigPaths.flatten(run.config()));
            IGNORED.forEach(values::remove);
            String key = Environment.sha256(values.toString());
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(run);
            flat.putIfAbsent(key, values);
        }
        Set<String> differing = new TreeSet<>();
        Set<String> allPaths = new TreeSet<>();
        flat.values().forEach(v -> allPaths.addAll(v.keySet()));
        for (String path : allPaths) {
            Set<String> seen = new TreeSet<>();
            flat.values().forEach(v -> seen.add(String.valueOf(v.get(path))));
            if (seen.size() > 1 && !path.equals("name")) {
                differing.add(path);
            }
        }
        List<Group> groups = new ArrayList<>();
        byKey.forEach((key, members) -> {
            Map<String, String> values = flat.get(key);
            List<String> parts = new ArrayList<>();
            for (String path : differing) {
                parts.add(path + "=" + values.getOrDefault(path, "(absent)"));
            }
            String name = members.get(0).config().path("name").asText();
            members.sort(java.util.Comparator.comparingLong(RunCollection.Run::seed));
            groups.add(new Group(key, parts.isEmpty() ? name : name + " (" + String.join(", ", parts) + ")", members));
        });
        groups.sort(java.util.Comparator.comparing(Group::label));
        return groups;
    }

}
