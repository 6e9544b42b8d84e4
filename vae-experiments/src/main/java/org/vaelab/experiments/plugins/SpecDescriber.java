package org.vaelab.experiments.plugins;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.vaelab.api.ComponentRegistration;

/**
 * Describes a registered component type from its spec record: each field with its type, default and
 * description. Used by {@code vaelab plugins} and the generated config reference.
 */
public final class SpecDescriber {

    private SpecDescriber() {}

    /**
     * One field of a spec.
     *
     * @param name the JSON key
     * @param type a readable type
     * @param defaultValue the default as JSON, or {@code "(required)"}
     * @param description what it means
     */
    public record Field(String name, String type, String defaultValue, String description) {}

    /**
     * @param registration a registered type
     * @param mapper a mapper that knows the type
     * @return its fields, in declaration order
     */
    public static List<Field> fields(ComponentRegistration registration, ObjectMapper mapper) {
        JsonNode defaults = defaults(registration, mapper);
        List<Field> fields = new ArrayList<>();
        Class<?> spec = registration.specClass();
        if (!spec.isRecord()) {
            return fields;
        }
        for (RecordComponent c : spec.getRecordComponents()) {
            String description = "";
            try {
                JsonPropertyDescription d = spec.getDeclaredField(c.getName()).getAnnotation(JsonPropertyDescription.class);
                if (d == null) {
                    d = c.getAccessor().getAnnotation(JsonPropertyDescription.class);
                }
                description = d == null ? "" : d.value();
            } catch (NoSuchFieldException e) {
                // records always have the field; keep the description empty otherwise
            }
            JsonNode value = defaults == null ? null : defaults.get(c.getName());
            String defaultValue = value == null || value.isNull() ? (defaults == null ? "(required)" : "none") : value.toString();
            fields.add(new Field(c.getName(), typeName(c.getGenericType()), defaultValue, description));
        }
        return fields;
    }

    /**
     * @param registration a registered type
     * @param mapper a mapper that knows the type
     * @return the spec bound from {@code {"type": ...}} alone, as JSON, or null if some field is required
     */
    public static JsonNode defaults(ComponentRegistration registration, ObjectMapper mapper) {
        try {
            Object spec = mapper.treeToValue(mapper.createObjectNode().put("type", registration.type()),
                    registration.kind().specType());
            return mapper.valueToTree(spec);
        } catch (Exception e) {
            return null;
        }
    }

    private static String typeName(java.lang.reflect.Type type) {
        String name = type.getTypeName().replaceAll("[a-zA-Z0-9_]+\\.", "").replace('$', '.');
        return switch (name) {
            case "Integer", "Long", "int", "long" -> "integer";
            case "Double", "Float", "double", "float" -> "number";
            case "Boolean", "boolean" -> "boolean";
            case "String" -> "string";
            case "List<Integer>" -> "list of integers";
            case "List<Double>" -> "list of numbers";
            case "List<String>" -> "list of strings";
            default -> name;
        };
    }
}
