package org.vaelab.experiments.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.vaelab.api.UserInputException;
import org.vaelab.experiments.run.IoErrors;
import org.vaelab.experiments.config.ConfigLoader;

/**
 * A sweep written down (YAML), so that a study is one file that can be versioned and re-run:
 * <pre>
 * base: quickstart.yaml            # the base config, relative to this file
 * set: [training.epochs=3]         # overrides for every run (optional)
 * grid:                            # the Cartesian product of these
 *   losses[1].beta: [1, 4, 8]
 * zip:                             # each group's lists are varied together (equal lengths)
 *   - {model.latentDim: [4, 8], training.batchSize: [32, 64]}
 * random:                          # N draws, each setting every path listed
 *   count: 6
 *   seed: 0
 *   params:
 *     training.optimizer.learningRate: {logUniform: [1.0e-4, 1.0e-2]}
 *     losses[1].beta: {uniform: [1, 8]}
 *     model.encoder.type: {choice: [mlp, conv]}
 * seeds: [1, 2, 3]                 # every combination is run with each seed
 * metric: test.negElbo             # what the sweep optimises: the best row is reported
 * goal: minimize                   # or maximize
 * search: {type: successive-halving, minEpochs: 1, eta: 2}   # optional: stop poor trials early
 * </pre>
 *
 * @param base the base config file
 * @param overrides the {@code set} overrides
 * @param plan the runs
 * @param metric the summary path to optimise, or null
 * @param minimize whether lower is better
 * @param search successive halving, or null to train every run to the end
 */
public record SweepFile(Path base, List<String> overrides, SweepPlan plan, String metric, boolean minimize,
        SuccessiveHalving search) {

    private static final Set<String> KEYS = Set.of("base", "set", "grid", "zip", "random", "seeds", "metric", "goal",
            "search");

    /**
     * @param file the sweep file
     * @param yaml the YAML mapper
     * @return the sweep
     */
    public static SweepFile load(Path file, ObjectMapper yaml) {
        JsonNode root;
        try {
            root = yaml.readTree(Files.readString(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserInputException("sweep file " + file + ": " + ConfigLoader.syntaxError(e, "YAML")
                    + "; a path with [ ] as a key in {...} needs quotes: {'losses[1].beta': [1, 4]}", e);
        } catch (java.io.IOException e) {
            throw new UserInputException("cannot read sweep file " + file + ": " + IoErrors.describe(e), e);
        }
        if (root == null || !root.isObject()) {
            throw new UserInputException(file + ": a sweep file is a mapping with base, grid, zip, random, seeds, metric");
        }
        if (!root.path("base").isTextual()) {
            throw new UserInputException(file + " is not a sweep file (it has no base: CONFIG); to sweep a config, "
                    + "give --grid path=[v1, v2, ...]");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new UserInputException(file + ": unknown key '" + key + "'; known: " + String.join(", ", new java.util.TreeSet<>(KEYS)));
            }
        }
        Path base = file.toAbsolutePath().getParent().resolve(root.get("base").asText()).normalize();
        List<String> overrides = new ArrayList<>();
        root.path("set").forEach(n -> overrides.add(n.asText()));
        List<List<Map<String, String>>> dimensions = new ArrayList<>();
        List<SweepPlan.Axis> axes = new ArrayList<>();
        root.path("grid").fields().forEachRemaining(e -> {
            List<String> values = values(file, "grid." + e.getKey(), e.getValue());
            axes.add(new SweepPlan.Axis(e.getKey(), values));
            List<Map<String, String>> options = new ArrayList<>();
            values.forEach(v -> options.add(Map.of(e.getKey(), v)));
            dimensions.add(options);
        });
        int group = 0;
        for (JsonNode zip : root.path("zip")) {
            dimensions.add(zipped(file, "zip[" + group++ + "]", zip));
        }
        if (root.has("random")) {
            dimensions.add(random(file, root.get("random")));
        }
        if (root.has("seeds")) {
            List<String> seeds = values(file, "seeds", root.get("seeds"));
            axes.add(new SweepPlan.Axis(SweepPlan.SEED, seeds));
            List<Map<String, String>> options = new ArrayList<>();
            seeds.forEach(v -> options.add(Map.of(SweepPlan.SEED, v)));
            dimensions.add(options);
        }
        if (dimensions.isEmpty()) {
            throw new UserInputException(file + ": nothing to sweep; give grid, zip, random or seeds");
        }
        String goal = root.path("goal").asText("minimize");
        if (!goal.equals("minimize") && !goal.equals("maximize")) {
            throw new UserInputException(file + ": goal must be minimize or maximize, got " + goal);
        }
        String metric = root.has("metric") ? root.get("metric").asText() : null;
        SuccessiveHalving search = null;
        if (root.has("search")) {
            JsonNode s = root.get("search");
            if (!"successive-halving".equals(s.path("type").asText())) {
                throw new UserInputException(file + ": search.type must be successive-halving, got '" + s.path("type").asText() + "'");
            }
            if (metric == null || !metric.startsWith("test.")) {
                throw new UserInputException(file + ": successive halving ranks trials by a metric logged every epoch: "
                        + "set metric to test.negElbo, test.recon, test.kl or another test.* value");
            }
            search = new SuccessiveHalving(s.path("minEpochs").asInt(1), s.path("eta").asInt(2));
        }
        return new SweepFile(base, overrides, SweepPlan.ofDimensions(dimensions, axes), metric, goal.equals("minimize"),
                search);
    }

    private static List<String> values(Path file, String where, JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            throw new UserInputException(file + ": " + where + " must be a non-empty list of values");
        }
        List<String> values = new ArrayList<>();
        node.forEach(v -> values.add(v.toString()));
        return values;
    }

    private static List<Map<String, String>> zipped(Path file, String where, JsonNode group) {
        if (!group.isObject() || group.isEmpty()) {
            throw new UserInputException(file + ": " + where + " must map config paths to lists of equal length");
        }
        Map<String, List<String>> lists = new LinkedHashMap<>();
        group.fields().forEachRemaining(e -> lists.put(e.getKey(), values(file, where + "." + e.getKey(), e.getValue())));
        int n = lists.values().iterator().next().size();
        lists.forEach((path, v) -> {
            if (v.size() != n) {
                throw new UserInputException(file + ": " + where + " lists differ in length (" + path + " has " + v.size()
                        + ", the first has " + n + ")");
            }
        });
        List<Map<String, String>> options = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, String> option = new LinkedHashMap<>();
            int k = i;
            lists.forEach((path, v) -> option.put(path, v.get(k)));
            options.add(option);
        }
        return options;
    }

    /** N seeded draws; each parameter uniform, log-uniform or a choice. */
    private static List<Map<String, String>> random(Path file, JsonNode random) {
        int count = random.path("count").asInt(0);
        if (count < 1 || count > 10_000) {
            throw new UserInputException(file + ": random.count must be from 1 to 10000");
        }
        SplittableRandom rng = new SplittableRandom(random.path("seed").asLong(0));
        JsonNode params = random.path("params");
        if (!params.isObject() || params.isEmpty()) {
            throw new UserInputException(file + ": random.params must map config paths to {uniform: [a, b]}, "
                    + "{logUniform: [a, b]} or {choice: [...]}");
        }
        List<Map<String, String>> options = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, String> option = new LinkedHashMap<>();
            params.fields().forEachRemaining(e -> option.put(e.getKey(), draw(file, "random.params." + e.getKey(), e.getValue(), rng)));
            options.add(option);
        }
        return options;
    }

    private static String draw(Path file, String where, JsonNode spec, SplittableRandom rng) {
        if (spec.has("choice")) {
            List<String> choices = values(file, where + ".choice", spec.get("choice"));
            return choices.get(rng.nextInt(choices.size()));
        }
        boolean log = spec.has("logUniform");
        JsonNode range = log ? spec.get("logUniform") : spec.get("uniform");
        if (range == null || !range.isArray() || range.size() != 2 || !range.get(0).isNumber() || !range.get(1).isNumber()
                || range.get(0).asDouble() >= range.get(1).asDouble() || (log && range.get(0).asDouble() <= 0)) {
            throw new UserInputException(file + ": " + where + " must be {uniform: [a, b]}, {logUniform: [a, b]} with "
                    + "0 < a, or {choice: [...]}, with a < b");
        }
        double a = range.get(0).asDouble();
        double b = range.get(1).asDouble();
        double u = rng.nextDouble();
        double v = log ? Math.exp(Math.log(a) + u * (Math.log(b) - Math.log(a))) : a + u * (b - a);
        return String.format(Locale.ROOT, "%.4g", v);       // 4 significant digits: readable names, exact configs
    }
}
