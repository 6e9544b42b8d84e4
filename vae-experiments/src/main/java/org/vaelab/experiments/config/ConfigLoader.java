package org.vaelab.experiments.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.ConstraintViolation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.vaelab.api.ComponentKind;
import org.vaelab.api.UserInputException;
import org.vaelab.experiments.plugins.Framework;
import org.vaelab.experiments.run.IoErrors;
import org.vaelab.experiments.run.JsonFiles;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads an experiment config (YAML or JSON), merges the defaults under it, applies {@code --set}
 * overrides, binds it strictly and validates it. Every problem is reported with its config path and,
 * when it comes from the file, its line; nothing is reported as a stack trace. Besides what binding and
 * validation catch, a config is rejected when its file is empty or not UTF-8 text, when a key is given
 * twice in one mapping, and when a number is not finite ({@code 1e400}, {@code .inf}, {@code .nan}).
 */
public final class ConfigLoader {

    private static final String DEFAULTS = "defaults.yaml";

    /** What a non-finite number is told, after the number as written. */
    static final String NOT_FINITE = " is not a finite number (numbers beyond about 1.8e308, infinity and NaN are not allowed)";

    /** Jackson's complaint about a JSON {@code NaN} or {@code Infinity}. */
    private static final Pattern JSON_NON_FINITE = Pattern.compile("Non-standard token '([-+]?(?:NaN|Infinity|INF))'.*",
            Pattern.DOTALL);

    private final Framework framework;

    /** @param framework the started framework (mappers that know every plugin type, validator) */
    public ConfigLoader(Framework framework) {
        this.framework = framework;
    }

    /**
     * @param file a {@code .yaml}, {@code .yml} or {@code .json} config
     * @param overrides {@code path=value} overrides
     * @return the resolved, validated config
     */
    public ExperimentConfig load(Path file, List<String> overrides) {
        return parse(readText(file), file.toString(), overrides);
    }

    /**
     * @param file a config file
     * @return its text
     * @throws UserInputException when it is missing, a directory, unreadable, or not UTF-8 text
     */
    static String readText(Path file) {
        if (Files.isDirectory(file)) {
            throw new UserInputException("config file " + file + " is a directory, not a file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserInputException("config file not found: " + file);
        } catch (IOException e) {
            throw new UserInputException("cannot read config file " + file + ": " + IoErrors.describe(e), e);
        }
        return text(bytes, file.toString());
    }

    /**
     * @param bytes a config file's content
     * @param source the file, for messages
     * @return the text, UTF-8 decoded (a byte order mark dropped)
     * @throws UserInputException when the bytes are not UTF-8 text
     */
    static String text(byte[] bytes, String source) {
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
                || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
            throw notText(source, "UTF-16, not UTF-8");
        }
        int start = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(in).toString();
        } catch (CharacterCodingException e) {
            int at = in.position();
            throw notText(source, String.format(Locale.ROOT, "not valid UTF-8: byte 0x%02X on line %d, at offset %d",
                    bytes[at] & 0xFF, lineAt(bytes, at), at));
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            long line = text.substring(0, nul).chars().filter(c -> c == '\n').count() + 1;
            throw notText(source, "it contains NUL bytes, first on line " + line);
        }
        return text;
    }

    private static UserInputException notText(String source, String why) {
        return new UserInputException("config file " + source + " is not a text file (" + why
                + "); a config is YAML or JSON text in UTF-8");
    }

    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * @param text the config text, YAML (JSON is valid YAML)
     * @param source a name for messages, usually the file path
     * @param overrides {@code path=value} overrides
     * @return the resolved, validated config
     */
    public ExperimentConfig parse(String text, String source, List<String> overrides) {
        boolean json = source.toLowerCase(Locale.ROOT).endsWith(".json");
        ObjectMapper reader = json ? framework.json() : framework.yaml();
        String format = json ? "JSON" : "YAML";
        String empty = "config file " + source + " is empty; write {} to use every default";
        if (text.isBlank()) {
            throw new UserInputException(empty);
        }
        ConfigScan scan;
        JsonNode parsed;
        try {
            scan = ConfigScan.of(text, reader);
            if (scan.empty) {
                throw new UserInputException(empty);
            }
            List<String> problems = problems(scan);
            if (!problems.isEmpty()) {
                throw new ConfigException(source, problems);
            }
            parsed = reader.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, List.of(syntaxError(e, format)));
        }
        if (parsed == null || parsed.isMissingNode()) {
            throw new UserInputException(empty);
        }
        if (!(parsed instanceof ObjectNode userTree)) {
            throw new ConfigException(source, List.of("the top level must be a mapping of sections (name, data, model, ...)"
                    + (parsed.isNull() ? ", not null; write {} to use every default" : "")));
        }
        List<ConfigOverrides.Override> parsedOverrides = ConfigOverrides.parse(overrides, framework.yaml());
        ObjectNode tree = defaults();
        merge(tree, userTree);
        ConfigOverrides.apply(tree, parsedOverrides);
        LineFinder lines = new LineFinder(scan, parsedOverrides);
        return bind(tree, source, lines);
    }

    /** @return one line per duplicated key and per number that is not finite, in the order of the text */
    private static List<String> problems(ConfigScan scan) {
        List<String> problems = new ArrayList<>();
        for (ConfigScan.Duplicate d : scan.duplicates) {
            problems.add(d.path() + " (line " + d.line() + "): duplicate key '" + d.key() + "', "
                    + (d.firstLine() == d.line() ? "given twice on that line" : "first given on line " + d.firstLine())
                    + "; keep one of them");
        }
        for (ConfigScan.NonFinite n : scan.nonFinite) {
            problems.add((n.path().isEmpty() ? "(top level)" : n.path()) + " (line " + n.line() + "): " + n.text()
                    + NOT_FINITE);
        }
        return problems;
    }

    /**
     * @param e a parse error
     * @param format "YAML" or "JSON"
     * @return "line L, column C: not valid YAML: what (while ...)", without Jackson's or SnakeYAML's source excerpts
     */
    public static String syntaxError(JsonProcessingException e, String format) {
        if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            Mark at = m.getProblemMark();
            Mark context = m.getContextMark();
            String problem = m.getProblem() == null ? "malformed" : m.getProblem().strip();
            String where = m.getContext() == null ? "" : " (" + m.getContext().strip()
                    + (context == null || (context.getLine() == at.getLine() && context.getColumn() == at.getColumn()) ? ""
                            : " started on line " + (context.getLine() + 1) + ", column " + (context.getColumn() + 1)) + ")";
            return "line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ": not valid " + format + ": "
                    + problem + where;
        }
        Matcher nonFinite = JSON_NON_FINITE.matcher(String.valueOf(e.getOriginalMessage()));
        if (nonFinite.matches() && e.getProcessor() instanceof JsonParser p) {
            String path = ConfigScan.path(p.getParsingContext());
            var loc = e.getLocation();
            return (path.isEmpty() ? "(top level)" : path) + (loc == null ? "" : " (line " + loc.getLineNr() + ")") + ": "
                    + nonFinite.group(1) + NOT_FINITE;
        }
        String problem = JsonFiles.problem(e);
        int colon = problem.startsWith("line ") ? problem.indexOf(": ") : -1;
        return colon < 0 ? "not valid " + format + ": " + problem
                : problem.substring(0, colon) + ": not valid " + format + ": " + problem.substring(colon + 2);
    }

    /**
     * A run directory's config.json, with the run's plugin jars named when a type it uses is not loaded.
     *
     * @param runDir the run directory
     * @param provenance its provenance.json, which lists the plugins (and their jars) the run used
     * @return the config
     */
    public ExperimentConfig fromRun(java.nio.file.Path runDir, JsonNode provenance) {
        java.nio.file.Path file = runDir.resolve("config.json");
        JsonNode tree = org.vaelab.experiments.run.JsonFiles.read(framework.json(), file);
        try {
            return fromTree(tree, file.toString());
        } catch (UserInputException e) {
            List<String> missing = new ArrayList<>();
            provenance.path("plugins").forEach(p -> {
                ComponentKind kind = java.util.Arrays.stream(ComponentKind.values())
                        .filter(k -> k.label().equals(p.path("kind").asText())).findFirst().orElse(null);
                if (kind != null && !framework.registry().typeNames(kind).contains(p.path("type").asText())) {
                    missing.add(p.path("kind").asText() + " '" + p.path("type").asText() + "' from "
                            + (p.hasNonNull("jar") ? p.get("jar").asText()
                                    + (p.hasNonNull("version") ? " " + p.get("version").asText() : "")
                                    : p.path("origin").asText()));
                }
            });
            if (missing.isEmpty()) {
                throw e;
            }
            throw new UserInputException(e.getMessage() + "\n  the run used " + String.join(", ", missing)
                    + ", which is not loaded: pass the folder holding it with vaelab --plugins DIR", e);
        }
    }

    /**
     * Binds an already resolved tree, as found in a run's {@code config.json}.
     *
     * @param tree the config tree
     * @param source a name for messages
     * @return the validated config
     */
    public ExperimentConfig fromTree(JsonNode tree, String source) {
        return bind(tree, source, LineFinder.NONE);
    }

    /**
     * @param config a config
     * @return its canonical JSON: every default filled in, keys sorted, two-space indent, trailing newline
     */
    public String toCanonicalJson(ExperimentConfig config) {
        try {
            return framework.json().writeValueAsString(config) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise config", e);
        }
    }

    /**
     * @param config a config
     * @return the SHA-256 of its canonical JSON, in hex
     */
    public String sha256(ExperimentConfig config) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(toCanonicalJson(config).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private ExperimentConfig bind(JsonNode tree, String source, LineFinder lines) {
        ExperimentConfig config;
        try {
            config = framework.json().treeToValue(tree, ExperimentConfig.class);
        } catch (JsonMappingException e) {
            throw new ConfigException(source, List.of(describe(e, lines, tree)));
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, List.of(e.getOriginalMessage()));
        }
        List<String> problems = framework.validator().validate(config).stream()
                .sorted(Comparator.comparing((ConstraintViolation<ExperimentConfig> v) -> v.getPropertyPath().toString()))
                .map(v -> {
                    String path = v.getPropertyPath().toString();
                    return path.replaceAll("\\.?<[^>]+>", "") + lines.at(toPointer(path)) + ": " + v.getMessage();
                })
                .toList();
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return config;
    }

    private String describe(JsonMappingException e, LineFinder lines, JsonNode tree) {
        String path = pathOf(e.getPath());
        String where = (path.isEmpty() ? "(top level)" : path) + lines.at(toPointer(path));
        if (e instanceof InvalidTypeIdException t) {
            ComponentKind kind = kindOf(t.getBaseType() == null ? null : t.getBaseType().getRawClass());
            String known = kind == null ? "" : "; known " + kind.label() + " types: "
                    + String.join(", ", framework.registry().typeNames(kind));
            String typeId = t.getTypeId();
            JsonNode type = nodeAt(tree, path) == null ? null : nodeAt(tree, path).get("type");
            if (typeId == null && type != null && !type.isNull() && !type.isTextual()) {
                return where + ": \"type\" must be a name, got " + given(type) + known;
            }
            return typeId == null
                    ? where + ": missing \"type\"" + known
                    : where + ": unknown " + (kind == null ? "" : kind.label() + " ") + "type '" + typeId + "'" + known;
        }
        if (e instanceof UnrecognizedPropertyException u) {
            String fields = u.getKnownPropertyIds() == null ? null : u.getKnownPropertyIds().stream()
                    .map(String::valueOf).filter(s -> !s.equals("type")).sorted().collect(Collectors.joining(", "));
            String known = fields == null ? "" : fields.isEmpty() ? "; this type takes no fields" : "; known fields: " + fields;
            return where + ": unknown field" + known;
        }
        if (e instanceof InvalidFormatException f) {
            String written = f.getValue() instanceof Number ? lines.text(toPointer(path)) : null;
            String shown = written != null ? written : quote(f.getValue());
            if ((f.getValue() instanceof Double d && !Double.isFinite(d)) || (f.getValue() instanceof Float x && !Float.isFinite(x))) {
                return where + ": " + shown + NOT_FINITE;
            }
            String hint = isInteger(f.getTargetType()) && f.getValue() instanceof Number n && !(n instanceof Integer)
                    && !(n instanceof Long) && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e15
                    ? " (write " + (long) n.doubleValue() + ", without a decimal point or exponent)" : "";
            return where + ": expected " + describeType(f.getTargetType()) + ", got " + shown + hint;
        }
        if (e instanceof InvalidNullException) {
            return where + ": must not be null";
        }
        if (e instanceof ValueInstantiationException v) {
            Throwable cause = v.getCause() != null ? v.getCause() : v;
            return where + ": " + cause.getMessage();
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof InputCoercionException range && range.getTargetType() != null) {
                Class<?> type = range.getTargetType();
                String bounds = type == Long.TYPE || type == Long.class ? Long.MIN_VALUE + " to " + Long.MAX_VALUE
                        : Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
                String written = lines.text(toPointer(path));
                return where + ": expected an integer from " + bounds + ", got "
                        + (written != null ? written : given(nodeAt(tree, path)));
            }
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            String given = given(nodeAt(tree, path));
            return where + ": expected " + describeType(m.getTargetType()) + (given == null ? "" : ", got " + given);
        }
        return where + ": " + JsonFiles.clean(firstLine(e.getOriginalMessage()));
    }

    /** @return the node at a config path of the resolved tree, or null */
    private static JsonNode nodeAt(JsonNode tree, String path) {
        try {
            JsonNode node = tree.at(JsonPointer.compile(toPointer(path)));
            return node.isMissingNode() ? null : node;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** @return what a value is, for "expected X, got Y": a list, a mapping, "text", 3, true, null */
    private static String given(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isTextual()) {
            return "\"" + node.asText() + "\"";
        }
        return node.isNull() ? "null" : node.asText();
    }

    private static ComponentKind kindOf(Class<?> baseType) {
        for (ComponentKind kind : ComponentKind.values()) {
            if (kind.specType().equals(baseType)) {
                return kind;
            }
        }
        return null;
    }

    private static boolean isInteger(Class<?> type) {
        return type == Integer.class || type == int.class || type == Long.class || type == long.class;
    }

    private static String describeType(Class<?> type) {
        if (isInteger(type)) {
            return "an integer";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.toString().toLowerCase(Locale.ROOT).replace('_', '-')).collect(Collectors.joining(", "));
        }
        if (java.util.List.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "a mapping";
    }

    private static String quote(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid value";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** @return a path such as {@code losses[1].beta} */
    static String pathOf(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** @return {@code losses[1].beta} as {@code /losses/1/beta}; validator paths like {@code losses[1].<list element>} too */
    static String toPointer(String path) {
        if (path.isEmpty()) {
            return "";
        }
        String p = path.replaceAll("\\.?<[^>]+>", "").replaceAll("\\[(\\d+)]", ".$1");
        return "/" + String.join("/", p.split("\\."));
    }

    private ObjectNode defaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
            return (ObjectNode) framework.yaml().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in " + DEFAULTS, e);
        }
    }

    /** Merges {@code user} over {@code base}: plain sections merge key by key; typed sections and lists are replaced whole. */
    private static void merge(ObjectNode base, ObjectNode user) {
        for (Iterator<Map.Entry<String, JsonNode>> it = user.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = base.get(e.getKey());
            if (existing instanceof ObjectNode b && e.getValue() instanceof ObjectNode u && !b.has("type") && !u.has("type")) {
                merge(b, u);
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    /** Finds the line of a config path in the original text, or says the value came from --set or a default. */
    static final class LineFinder {

        static final LineFinder NONE = new LineFinder();

        private final Map<String, Integer> lineByPointer = new HashMap<>();
        private final Map<String, String> textByPointer = new HashMap<>();
        private final List<ConfigOverrides.Override> overrides;

        private LineFinder() {
            this.overrides = List.of();
        }

        LineFinder(ConfigScan scan, List<ConfigOverrides.Override> overrides) {
            this.overrides = overrides;
            lineByPointer.putAll(scan.lineByPointer);
            textByPointer.putAll(scan.textByPointer);
        }

        /** @return the scalar at {@code pointer} as written in the file, or null (not in the file, or from --set) */
        String text(String pointer) {
            for (ConfigOverrides.Override o : overrides) {
                if (pointer.equals(o.pointer()) || pointer.startsWith(o.pointer() + "/")) {
                    return null;
                }
            }
            return textByPointer.get(pointer);
        }

        /** @return " (line N)", " (set by --set ...)" or "" */
        String at(String pointer) {
            for (ConfigOverrides.Override o : overrides) {
                if (pointer.equals(o.pointer()) || pointer.startsWith(o.pointer() + "/")) {
                    return " (from --set " + o.text() + ")";
                }
            }
            String p = pointer;
            while (true) {
                Integer line = lineByPointer.get(p);
                if (line != null && !p.isEmpty()) {
                    return " (line " + line + ")";
                }
                int slash = p.lastIndexOf('/');
                if (slash <= 0) {
                    return "";
                }
                p = p.substring(0, slash);
            }
        }
    }
}
