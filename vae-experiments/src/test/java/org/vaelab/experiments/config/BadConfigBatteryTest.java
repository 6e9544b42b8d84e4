package org.vaelab.experiments.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaelab.experiments.cli.Main;

/**
 * A generated battery of broken configs: every key deleted, every scalar replaced by values of the wrong
 * kind, unknown keys and types, duplicated keys, truncated text and binary bytes. Each goes through
 * {@code vaelab validate}, which must either accept it (exit 0) or reject it with one located message
 * (exit 2), never fail with an internal error (exit 1) or show a stack trace or Jackson's source text.
 */
class BadConfigBatteryTest {

    /** A small valid config that touches every section; mutations start from it. */
    static final String BASE = """
            name: tiny
            seed: 7
            data: {type: dsprites, trainSize: 96, testSize: 32}
            model:
              latentDim: 4
              encoder: {type: mlp, hidden: [32], activation: relu}
              decoder: {type: mlp, hidden: [32], activation: relu}
              prior: {type: standard-normal}
            losses:
              - {type: bernoulli-reconstruction}
              - {type: beta-kl, beta: 2.0}
            training:
              epochs: 2
              batchSize: 32
              optimizer: {type: adam, learningRate: 0.001}
              logEvery: 1
            evaluation: {batchSize: 32, reconstructions: 8, samples: 8}
            """;

    /** Wrong values put in place of each scalar, as YAML text. */
    private static final List<String> WRONG_VALUES = List.of("some-text", "[1, 2]", "{a: 1}", "~", "true", "-1", "0",
            "1e400", "64.5", "''", ".nan");

    /** Wrong values put in place of each number, in addition; and in place of each number of the JSON form. */
    private static final List<String> WRONG_NUMBERS = List.of("99999999999");

    private static final List<String> WRONG_JSON_NUMBERS = List.of("1e400", "64.5");

    private static final String RAW = "RAW_VALUE_PLACEHOLDER";

    /**
     * The mutations that validate accepts, each judged harmless. When a change in the loader makes this list
     * differ, look at the difference before updating it.
     */
    private static final List<String> ACCEPTED = List.of(
            // a deleted key takes its default (a deleted list element leaves a shorter, valid list)
            "delete data", "delete data.testSize", "delete data.trainSize", "delete evaluation",
            "delete evaluation.batchSize", "delete evaluation.reconstructions", "delete evaluation.samples",
            "delete losses", "delete losses[1]", "delete losses[1].beta", "delete model", "delete model.decoder",
            "delete model.decoder.activation", "delete model.decoder.hidden", "delete model.decoder.hidden[0]",
            "delete model.encoder", "delete model.encoder.activation", "delete model.encoder.hidden",
            "delete model.encoder.hidden[0]", "delete model.latentDim", "delete model.prior", "delete name",
            "delete seed", "delete training", "delete training.batchSize", "delete training.epochs",
            "delete training.logEvery", "delete training.optimizer", "delete training.optimizer.learningRate",
            "delete training.optimizer.type",
            // null means "the default" everywhere (documented: omitted or null fields take their defaults)
            "data.testSize = ~", "data.trainSize = ~", "evaluation.batchSize = ~", "evaluation.reconstructions = ~",
            "evaluation.samples = ~", "losses[1].beta = ~", "model.decoder.activation = ~",
            "model.encoder.activation = ~", "model.latentDim = ~", "name = ~", "seed = ~", "training.batchSize = ~",
            "training.epochs = ~", "training.logEvery = ~", "training.optimizer.learningRate = ~",
            "training.optimizer.type = ~",
            // values the fields allow: no pictures, a zero beta, a negative seed, a large beta or learning rate
            "evaluation.reconstructions = 0", "evaluation.samples = 0", "losses[1].beta = 0", "losses[1].beta = 64.5",
            "json losses[1].beta = 64.5", "seed = -1", "seed = 0", "training.optimizer.learningRate = 64.5",
            "json training.optimizer.learningRate = 64.5",
            // large values the fields' constraints allow (a learning rate of 1e11 is surely a mistake, but
            // no upper bound is declared for it)
            "seed = 99999999999", "losses[1].beta = 99999999999", "training.optimizer.learningRate = 99999999999",
            // a number or boolean as the name is read as its text ("64.5" and "true" are valid names)
            "name = -1", "name = 0", "name = 64.5", "name = true", "name = some-text",
            // cut at a line end, the rest is still a valid config (sections lost take their defaults)
            "yaml cut at 0.5", "yaml cut at 0.9");

    @TempDir
    Path tmp;

    private record Mutation(String name, String path, String fileName, byte[] bytes) {}

    private record Outcome(Mutation mutation, int status, String err) {}

    @Test
    void everyMutationIsAcceptedOrRejectedWithOneLocatedMessage() throws IOException {
        List<Mutation> mutations = mutations();
        assertThat(mutations).hasSizeGreaterThanOrEqualTo(60);
        long start = System.nanoTime();
        List<Outcome> outcomes = new ArrayList<>();
        for (Mutation m : mutations) {
            Path file = tmp.resolve(m.fileName());
            if (m.bytes() != null) {
                Files.write(file, m.bytes());
            } else {
                Files.createDirectories(file);
            }
            outcomes.add(validate(m, file));
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        TreeSet<String> accepted = new TreeSet<>();
        List<String> failures = new ArrayList<>();
        for (Outcome o : outcomes) {
            Mutation m = o.mutation();
            String err = o.err();
            String what = m.name() + " (" + m.fileName() + ")";
            if (o.status() == 0) {
                accepted.add(m.name());
                continue;
            }
            if (o.status() != Main.USER_ERROR) {
                failures.add(what + ": exit " + o.status() + "\n" + err);
                continue;
            }
            long errorLines = err.lines().filter(l -> l.startsWith("error:")).count();
            String topKey = m.path().isEmpty() ? m.fileName() : m.path().split("[.\\[]")[0];
            boolean located = err.contains(m.fileName()) || err.contains(topKey);
            if (!m.path().isEmpty() && err.startsWith("error: invalid config")) {
                // a problem in the config's content: its path (at least its section) and its line
                located = err.contains(topKey) && err.contains("(line ");
            }
            if (errorLines != 1 || err.contains("Exception") || err.contains("\tat ") || err.contains("at org.")
                    || err.contains("[Source:") || !located) {
                failures.add(what + ":\n" + err);
            }
        }
        System.out.printf("bad config battery: %d mutations, %d rejected, %d accepted, %.1f s%n", outcomes.size(),
                outcomes.size() - accepted.size(), accepted.size(), seconds);
        accepted.forEach(a -> System.out.println("  accepted: " + a));
        assertThat(failures).as("mutations without one clear, located error").isEmpty();
        assertThat(accepted).as("mutations validate accepts").containsExactlyInAnyOrderElementsOf(ACCEPTED);
    }

    private Outcome validate(Mutation m, Path file) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.execute("validate", file.toString());
            return new Outcome(m, status, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    // ---- the mutations ----

    private static List<Mutation> mutations() throws IOException {
        YAMLMapper yaml = YAMLMapper.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .build();
        ObjectMapper json = JsonMapper.builder().build();
        ObjectNode base = (ObjectNode) yaml.readTree(BASE);
        List<Mutation> out = new ArrayList<>();
        int[] counter = {0};

        List<List<Object>> all = new ArrayList<>();
        collect(base, new ArrayList<>(), all);
        for (List<Object> path : all) {
            String p = configPath(path);
            ObjectNode deleted = base.deepCopy();
            remove(deleted, path);
            out.add(yamlMutation(counter, "delete " + p, p, yaml.writeValueAsString(deleted)));
            JsonNode node = at(base, path);
            if (node.isValueNode()) {
                for (String wrong : WRONG_VALUES) {
                    out.add(yamlMutation(counter, p + " = " + wrong, p, withRaw(yaml, base, path, wrong)));
                }
            }
            if (node.isNumber()) {
                for (String wrong : WRONG_NUMBERS) {
                    out.add(yamlMutation(counter, p + " = " + wrong, p, withRaw(yaml, base, path, wrong)));
                }
                for (String wrong : WRONG_JSON_NUMBERS) {
                    out.add(new Mutation("json " + p + " = " + wrong, p, "m" + (counter[0]++) + ".json",
                            withRaw(json, base, path, wrong).getBytes(StandardCharsets.UTF_8)));
                }
            }
            if (node.isObject()) {
                ObjectNode unknown = base.deepCopy();
                ((ObjectNode) at(unknown, path)).put("surplus", 1);
                out.add(yamlMutation(counter, "unknown key in " + p, p, yaml.writeValueAsString(unknown)));
                if (node.has("type")) {
                    ObjectNode badType = base.deepCopy();
                    ((ObjectNode) at(badType, path)).put("type", "no-such-type");
                    out.add(yamlMutation(counter, "unknown type at " + p, p, yaml.writeValueAsString(badType)));
                }
            }
        }
        ObjectNode unknownTop = base.deepCopy();
        unknownTop.put("surplus", 1);
        out.add(yamlMutation(counter, "unknown top-level key", "surplus", yaml.writeValueAsString(unknownTop)));

        // duplicated keys, in block and flow mappings, at every level, and in JSON
        out.add(yamlMutation(counter, "duplicate seed", "seed", BASE + "seed: 8\n"));
        out.add(yamlMutation(counter, "duplicate training.batchSize", "training.batchSize",
                BASE.replace("  batchSize: 32\n", "  batchSize: 32\n  batchSize: 64\n")));
        out.add(yamlMutation(counter, "duplicate data.trainSize", "data.trainSize",
                BASE.replace("trainSize: 96,", "trainSize: 96, trainSize: 50,")));
        out.add(yamlMutation(counter, "duplicate section training", "training",
                BASE + "training: {epochs: 1}\n"));
        out.add(yamlMutation(counter, "duplicate losses[1].beta", "losses[1].beta",
                BASE.replace("beta: 2.0}", "beta: 2.0, beta: 3.0}")));
        out.add(yamlMutation(counter, "duplicate type in model.encoder", "model.encoder",
                BASE.replace("encoder: {type: mlp,", "encoder: {type: mlp, type: conv,")));
        String baseJson = json.writerWithDefaultPrettyPrinter().writeValueAsString(base);
        out.add(new Mutation("json duplicate seed", "seed", "m" + (counter[0]++) + ".json",
                baseJson.replace("\"seed\" : 7,", "\"seed\" : 7,\n  \"seed\" : 8,").getBytes(StandardCharsets.UTF_8)));
        out.add(new Mutation("json duplicate training.epochs", "training.epochs", "m" + (counter[0]++) + ".json",
                baseJson.replace("\"epochs\" : 2,", "\"epochs\" : 2, \"epochs\" : 3,").getBytes(StandardCharsets.UTF_8)));

        // truncated text: a crash while writing, a partial copy
        for (double fraction : new double[] {0.1, 0.3, 0.5, 0.7, 0.9}) {
            out.add(yamlMutation(counter, "yaml cut at " + fraction, "", BASE.substring(0, (int) (BASE.length() * fraction))));
            out.add(new Mutation("json cut at " + fraction, "", "m" + (counter[0]++) + ".json",
                    baseJson.substring(0, (int) (baseJson.length() * fraction)).getBytes(StandardCharsets.UTF_8)));
        }
        out.add(yamlMutation(counter, "yaml cut inside a flow mapping", "",
                BASE.substring(0, BASE.indexOf("hidden: [32]") + 4)));

        // not text, or not a config at all
        byte[] random = new byte[512];
        new Random(11).nextBytes(random);
        out.add(new Mutation("random bytes", "", "m" + (counter[0]++) + ".yaml", random));
        out.add(new Mutation("random bytes as json", "", "m" + (counter[0]++) + ".json", random));
        out.add(new Mutation("png header", "", "m" + (counter[0]++) + ".yaml",
                new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'}));
        out.add(new Mutation("nul bytes", "", "m" + (counter[0]++) + ".yaml", new byte[64]));
        out.add(new Mutation("latin-1 text", "", "m" + (counter[0]++) + ".yaml",
                BASE.replace("name: tiny", "name: café").getBytes(StandardCharsets.ISO_8859_1)));
        out.add(new Mutation("utf-16 text", "", "m" + (counter[0]++) + ".yaml", BASE.getBytes(StandardCharsets.UTF_16)));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(BASE.getBytes(StandardCharsets.UTF_8));
        }
        out.add(new Mutation("gzipped config", "", "m" + (counter[0]++) + ".yaml", gz.toByteArray()));
        out.add(yamlMutation(counter, "empty file", "", ""));
        out.add(yamlMutation(counter, "whitespace only", "", "  \n\n\t\n"));
        out.add(yamlMutation(counter, "comments only", "", "# nothing here yet\n# name: tiny\n"));
        out.add(new Mutation("empty json file", "", "m" + (counter[0]++) + ".json", new byte[0]));
        out.add(yamlMutation(counter, "top level null", "", "~\n"));
        out.add(yamlMutation(counter, "top level list", "", "- name: tiny\n"));
        out.add(yamlMutation(counter, "top level scalar", "", "tiny\n"));
        out.add(yamlMutation(counter, "tab indentation", "", BASE.replace("  latentDim: 4", "\tlatentDim: 4")));
        out.add(new Mutation("a directory", "", "m" + (counter[0]++) + ".yaml", null));
        return out;
    }

    private static Mutation yamlMutation(int[] counter, String name, String path, String text) {
        return new Mutation(name, path, "m" + (counter[0]++) + ".yaml", text.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the text of {@code base} with the value at {@code path} replaced by {@code raw} (written as is) */
    private static String withRaw(ObjectMapper mapper, ObjectNode base, List<Object> path, String raw) throws IOException {
        ObjectNode copy = base.deepCopy();
        set(copy, path, TextNode.valueOf(RAW));
        String text = mapper.writeValueAsString(copy);
        String quoted = "\"" + RAW + "\"";
        return text.contains(quoted) ? text.replace(quoted, raw) : text.replace(RAW, raw);
    }

    /** Every key and list element, as paths of field names and indices. */
    private static void collect(JsonNode node, List<Object> path, List<List<Object>> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                List<Object> child = new ArrayList<>(path);
                child.add(e.getKey());
                out.add(child);
                collect(e.getValue(), child, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> child = new ArrayList<>(path);
                child.add(i);
                out.add(child);
                collect(node.get(i), child, out);
            }
        }
    }

    private static String configPath(List<Object> path) {
        StringBuilder sb = new StringBuilder();
        for (Object p : path) {
            if (p instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else {
                sb.append(sb.isEmpty() ? "" : ".").append(p);
            }
        }
        return sb.toString();
    }

    private static JsonNode at(JsonNode root, List<Object> path) {
        JsonNode node = root;
        for (Object p : path) {
            node = p instanceof Integer i ? node.get(i) : node.get((String) p);
        }
        return node;
    }

    private static void remove(JsonNode root, List<Object> path) {
        JsonNode parent = at(root, path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer i) {
            ((ArrayNode) parent).remove(i);
        } else {
            ((ObjectNode) parent).remove((String) last);
        }
    }

    private static void set(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode parent = at(root, path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer i) {
            ((ArrayNode) parent).set(i, value);
        } else {
            ((ObjectNode) parent).set((String) last, value);
        }
    }
}
