package org.vaelab.experiments.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vaelab.api.UserInputException;

/**
 * {@code --set path=value} overrides, applied to the config tree before binding and validation.
 * Paths use dots and list indices ({@code losses[1].beta}); values are read as YAML scalars or flow
 * collections ({@code 8}, {@code true}, {@code [256, 128]}, {@code {type: mlp}}, {@code text}).
 */
public final class ConfigOverrides {

    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)((?:\\[\\d+])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private ConfigOverrides() {}

    /**
     * One parsed override.
     *
     * @param text the override as given
     * @param pointer the JSON pointer it sets, for example {@code /losses/1/beta}
     * @param value the parsed value
     */
    public record Override(String text, String pointer, JsonNode value) {}

    /**
     * @param texts overrides as given on the command line
     * @param yaml the YAML mapper used to read values
     * @return the parsed overrides
     */
    public static List<Override> parse(List<String> texts, ObjectMapper yaml) {
        List<Override> out = new ArrayList<>();
        for (String text : texts) {
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw new UserInputException("--set " + text + ": expected path=value, for example model.latentDim=8");
            }
            String path = text.substring(0, eq).trim();
            String raw = text.substring(eq + 1).trim();
            JsonNode value;
            try {
                if (!raw.isEmpty()) {
                    check(ConfigScan.of(raw, yaml), text);
                }
                value = raw.isEmpty() ? yaml.getNodeFactory().textNode("") : yaml.readTree(raw);
                if (value == null || value.isMissingNode()) {
                    value = yaml.getNodeFactory().nullNode();
                }
            } catch (UserInputException e) {
                throw e;
            } catch (Exception e) {
                throw new UserInputException("--set " + text + ": cannot read the value '" + raw + "'");
            }
            out.add(new Override(text, toPointer(path, text), value));
        }
        return out;
    }

    /** Rejects a value with a key given twice ({@code {type: mlp, type: conv}}) or a number that is not finite. */
    private static void check(ConfigScan scan, String text) {
        if (!scan.duplicates.isEmpty()) {
            throw new UserInputException("--set " + text + ": duplicate key '" + scan.duplicates.get(0).key()
                    + "' in the value; keep one of them");
        }
        if (!scan.nonFinite.isEmpty()) {
            throw new UserInputException("--set " + text + ": " + scan.nonFinite.get(0).text() + ConfigLoader.NOT_FINITE);
        }
    }

    /**
     * Applies overrides in order, creating missing objects on the way.
     *
     * @param tree the config tree (modified)
     * @param overrides the overrides
     */
    public static void apply(ObjectNode tree, List<Override> overrides) {
        for (Override o : overrides) {
            String[] parts = o.pointer().substring(1).split("/");
            JsonNode node = tree;
            for (int i = 0; i < parts.length; i++) {
                boolean last = i == parts.length - 1;
                String part = parts[i];
                if (node instanceof ObjectNode obj) {
                    if (last) {
                        obj.set(part, o.value());
                    } else {
                        JsonNode next = obj.get(part);
                        if (next == null || next.isNull()) {
                            next = parts[i + 1].matches("\\d+") ? obj.putArray(part) : obj.putObject(part);
                        }
                        node = next;
                    }
                } else if (node instanceof ArrayNode arr && part.matches("\\d+")) {
                    int index = Integer.parseInt(part);
                    if (index > arr.size()) {
                        throw new UserInputException("--set " + o.text() + ": index " + index + " is past the end of a list of "
                                + arr.size());
                    }
                    if (last) {
                        if (index == arr.size()) {
                            arr.add(o.value());
                        } else {
                            arr.set(index, o.value());
                        }
                    } else {
                        if (index == arr.size()) {
                            arr.addObject();
                        }
                        node = arr.get(index);
                    }
                } else {
                    throw new UserInputException("--set " + o.text() + ": '" + part + "' does not fit the config there ("
                            + (node.isArray() ? "a list needs an index like [0]" : "not an object") + ")");
                }
            }
        }
    }

    private static String toPointer(String path, String text) {
        StringBuilder pointer = new StringBuilder();
        for (String segment : path.split("\\.", -1)) {
            Matcher m = SEGMENT.matcher(segment);
            if (!m.matches()) {
                throw new UserInputException("--set " + text + ": bad path segment '" + segment
                        + "' (use names and [index], for example losses[1].beta)");
            }
            pointer.append('/').append(m.group(1));
            Matcher idx = INDEX.matcher(m.group(2));
            while (idx.find()) {
                pointer.append('/').append(idx.group(1));
            }
        }
        return pointer.toString();
    }
}
