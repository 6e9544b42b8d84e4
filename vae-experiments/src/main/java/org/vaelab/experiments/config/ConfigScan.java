package org.vaelab.experiments.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One streaming pass over a config's text, before it becomes a tree: the line of every config path (for
 * messages), the raw text of every scalar, and the problems a tree can no longer show: a key given twice
 * in one mapping (the tree keeps only the last) and a number that is not finite ({@code 1e400} overflows
 * to infinity; YAML's {@code .inf} and {@code .nan}).
 */
final class ConfigScan {

    /** YAML's spellings of infinity and not-a-number, which Java's number parser does not read. */
    private static final Pattern YAML_NON_FINITE = Pattern.compile("[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

    /**
     * A key given twice in one mapping.
     *
     * @param path its config path, e.g. {@code training.batchSize}
     * @param key the key
     * @param firstLine the line of its first occurrence
     * @param line the line of the repetition
     */
    record Duplicate(String path, String key, int firstLine, int line) {}

    /**
     * A number that is infinite or not a number.
     *
     * @param path its config path
     * @param text the number as written
     * @param line its line
     */
    record NonFinite(String path, String text, int line) {}

    final Map<String, Integer> lineByPointer = new HashMap<>();
    final Map<String, String> textByPointer = new HashMap<>();
    final List<Duplicate> duplicates = new ArrayList<>();
    final List<NonFinite> nonFinite = new ArrayList<>();
    /** Whether the text holds no value at all (nothing, or only whitespace and comments). */
    boolean empty = true;

    private ConfigScan() {}

    /**
     * @param text YAML or JSON text
     * @param mapper the mapper whose parser reads it
     * @return what the pass found
     * @throws JsonProcessingException when the text is not valid YAML or JSON
     */
    static ConfigScan of(String text, ObjectMapper mapper) throws JsonProcessingException {
        ConfigScan scan = new ConfigScan();
        Deque<Map<String, Integer>> keyLines = new ArrayDeque<>();     // one per open mapping
        try (JsonParser p = mapper.getFactory().createParser(text)) {
            JsonToken token;
            while ((token = p.nextToken()) != null) {
                scan.empty = false;
                int line = p.currentTokenLocation().getLineNr();
                JsonStreamContext ctx = p.getParsingContext();
                scan.lineByPointer.putIfAbsent(ctx.pathAsPointer().toString(), line);
                switch (token) {
                    case START_OBJECT -> {
                        keyLines.push(new HashMap<>());
                        if (ctx.getParent() != null) {
                            scan.lineByPointer.putIfAbsent(ctx.getParent().pathAsPointer().toString(), line);
                        }
                    }
                    case START_ARRAY -> {
                        if (ctx.getParent() != null) {
                            scan.lineByPointer.putIfAbsent(ctx.getParent().pathAsPointer().toString(), line);
                        }
                    }
                    case END_OBJECT -> keyLines.pop();
                    case FIELD_NAME -> {
                        Integer first = keyLines.isEmpty() ? null : keyLines.peek().putIfAbsent(p.currentName(), line);
                        if (first != null) {
                            scan.duplicates.add(new Duplicate(path(ctx), p.currentName(), first, line));
                        }
                    }
                    case VALUE_NUMBER_FLOAT -> {
                        String raw = p.getText();
                        scan.textByPointer.putIfAbsent(ctx.pathAsPointer().toString(), raw);
                        if (!finite(p, raw)) {
                            scan.nonFinite.add(new NonFinite(path(ctx), raw, line));
                        }
                    }
                    default -> {
                        if (token.isScalarValue()) {
                            scan.textByPointer.putIfAbsent(ctx.pathAsPointer().toString(), p.getText());
                        }
                    }
                }
            }
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading from a string cannot fail this way", e);
        }
        return scan;
    }

    /** @return false for {@code 1e400}, {@code .inf}, {@code .nan}; true when unsure (binding reports it) */
    private static boolean finite(JsonParser p, String raw) {
        if (YAML_NON_FINITE.matcher(raw.trim()).matches()) {
            return false;
        }
        try {
            return Double.isFinite(p.getDoubleValue());
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /**
     * @param ctx the parser's context at a field name or scalar
     * @return its config path, e.g. {@code losses[1].beta}; "" at the top level
     */
    static String path(JsonStreamContext ctx) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            } else if (c.inArray() && c.hasCurrentIndex()) {
                parts.push("[" + c.getCurrentIndex() + "]");
            }
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }
}
