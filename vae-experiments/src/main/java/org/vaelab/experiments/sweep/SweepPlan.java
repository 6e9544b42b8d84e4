package org.vaelab.experiments.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vaelab.api.UserInputException;

/**
 * The runs of a sweep: the Cartesian product of its dimensions, each run being the base config plus one
 * option of each dimension as {@code --set} overrides. A dimension is a grid axis such as
 * {@code losses[1].beta=[1, 4, 8]} or {@code seed=[1, 2, 3]} (one path per option), a zipped group (several
 * paths varied together), or N random draws (every drawn path per option). Runs that differ only in seed
 * share a config name; every other path is spelled into the name, e.g. {@code quickstart_beta-4}.
 */
public final class SweepPlan {

    /** The axis whose values are averaged over rather than named. */
    public static final String SEED = "seed";

    /**
     * One axis of the grid.
     *
     * @param path the config path, as for {@code --set}
     * @param values the values, as YAML/JSON text
     */
    public record Axis(String path, List<String> values) {}

    /**
     * One planned run.
     *
     * @param name the config name it gets
     * @param assignments path to value (YAML text), one per axis, in axis order
     */
    public record Variant(String name, Map<String, String> assignments) {

        /** @return the assignments as {@code --set} overrides, the name included */
        public List<String> overrides() {
            List<String> out = new ArrayList<>();
            assignments.forEach((path, value) -> out.add(path + "=" + value));
            out.add("name=" + name);
            return out;
        }
    }

    private final List<Axis> axes;
    private final List<List<Map<String, String>>> dimensions;

    private SweepPlan(List<Axis> axes) {
        this.axes = List.copyOf(axes);
        List<List<Map<String, String>>> dims = new ArrayList<>();
        for (Axis axis : axes) {
            List<Map<String, String>> options = new ArrayList<>();
            axis.values().forEach(v -> options.add(Map.of(axis.path(), v)));
            dims.add(options);
        }
        this.dimensions = List.copyOf(dims);
    }

    /**
     * @param dimensions each dimension's options, every option a map of config path to value (YAML text)
     * @param axes the grid axes among them, for the record
     * @return the plan
     */
    static SweepPlan ofDimensions(List<List<Map<String, String>>> dimensions, List<Axis> axes) {
        return new SweepPlan(axes, dimensions);
    }

    private SweepPlan(List<Axis> axes, List<List<Map<String, String>>> dimensions) {
        this.axes = List.copyOf(axes);
        this.dimensions = List.copyOf(dimensions);
    }

    /**
     * @param specs axes as {@code path=[v1, v2, ...]} (a single value is an axis of one)
     * @param yaml reads the value lists
     * @return the plan
     */
    public static SweepPlan parse(List<String> specs, ObjectMapper yaml) {
        if (specs.isEmpty()) {
            throw new UserInputException("a sweep needs at least one --grid path=[v1, v2, ...]");
        }
        List<Axis> axes = new ArrayList<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new UserInputException("--grid " + spec + ": expected path=[v1, v2, ...], for example losses[1].beta=[1, 4, 8]");
            }
            String path = spec.substring(0, eq).trim();
            JsonNode node;
            try {
                node = yaml.readTree(spec.substring(eq + 1).trim());
            } catch (Exception e) {
                throw new UserInputException("--grid " + spec + ": cannot read the values");
            }
            List<String> values = new ArrayList<>();
            if (node != null && node.isArray()) {
                node.forEach(v -> values.add(v.toString()));
            } else if (node != null && !node.isMissingNode()) {
                values.add(node.toString());
            }
            if (values.isEmpty()) {
                throw new UserInputException("--grid " + spec + ": no values");
            }
            if (axes.stream().anyMatch(a -> a.path().equals(path))) {
                throw new UserInputException("--grid " + spec + ": " + path + " is given twice");
            }
            axes.add(new Axis(path, values));
        }
        return new SweepPlan(axes);
    }

    /** @return the axes, in the order given */
    public List<Axis> axes() {
        return axes;
    }

    /**
     * @param baseName the base config's name
     * @return every run, the last axis varying fastest
     */
    public List<Variant> variants(String baseName) {
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (List<Map<String, String>> dimension : dimensions) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> combo : combos) {
                for (Map<String, String> option : dimension) {
                    Map<String, String> extended = new LinkedHashMap<>(combo);
                    extended.putAll(option);
                    next.add(extended);
                }
            }
            combos = next;
        }
        List<Variant> variants = new ArrayList<>();
        for (Map<String, String> combo : combos) {
            StringBuilder name = new StringBuilder(baseName);
            combo.forEach((path, value) -> {
                if (!path.equals(SEED)) {
                    name.append('_').append(pathLabel(path)).append('-').append(valueLabel(value));
                }
            });
            variants.add(new Variant(name.toString(), combo));
        }
        // runs sharing a name are averaged in the table: that must only ever merge seeds
        Map<String, Map<String, String>> byName = new LinkedHashMap<>();
        for (Variant v : variants) {
            Map<String, String> withoutSeed = new LinkedHashMap<>(v.assignments());
            withoutSeed.remove(SEED);
            Map<String, String> earlier = byName.putIfAbsent(v.name(), withoutSeed);
            if (earlier != null && !earlier.equals(withoutSeed)) {
                throw new UserInputException("sweep runs " + earlier + " and " + withoutSeed + " would share the name '"
                        + v.name() + "'; use values that differ in letters or digits");
            }
        }
        return variants;
    }

    /** A path's last segment without list indices: {@code losses[1].beta} gives {@code beta}. */
    private static String pathLabel(String path) {
        return squeeze(path.substring(path.lastIndexOf('.') + 1).replaceAll("\\[\\d+]", ""));
    }

    /** A value in the run-name alphabet: {@code [32,16]} gives {@code 32x16}, {@code "relu"} gives {@code relu}. */
    private static String valueLabel(String value) {
        return squeeze(value);
    }

    private static String squeeze(String text) {
        String cleaned = text.replaceAll("[^A-Za-z0-9.-]+", "x").replaceAll("^x+|x+$", "");
        return cleaned.isEmpty() ? "v" : cleaned;
    }
}
