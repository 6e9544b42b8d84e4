package org.vaelab.experiments.plugins;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.vaelab.api.ComponentKind;
import org.vaelab.api.ComponentRegistration;

/**
 * Describes a registered component type from its spec record: each field with its type, default and
 * description. Used by {@code vaelab plugins} and the generated config reference ({@code vaelab plugins --markdown}).
 *
 * <p>Types are given as JSON sees them: {@code integer}, {@code number}, {@code string}, lists, and for an
 * enum the JSON values it accepts ({@code relu | tanh | ...}). A field with no default that carries
 * {@code @NotNull}, {@code @NotBlank} or {@code @NotEmpty} is {@value #REQUIRED}.
 */
public final class SpecDescriber {

    /** The default shown for a field a config must give. */
    public static final String REQUIRED = "(required)";

    /** The default shown for an optional field whose default is null. */
    public static final String NONE = "none";

    private SpecDescriber() {}

    /**
     * One field of a spec.
     *
     * @param name the JSON key
     * @param type a readable type
     * @param defaultValue the default as compact JSON, {@value #REQUIRED} or {@value #NONE}
     * @param description what it means (from {@code @JsonPropertyDescription}; empty if none)
     * @param javaType the record component's Java type
     */
    public record Field(String name, String type, String defaultValue, String description, Type javaType) {}

    /**
     * @param registration a registered type
     * @param mapper a mapper that knows the type
     * @return its fields, in declaration order
     */
    public static List<Field> fields(ComponentRegistration registration, ObjectMapper mapper) {
        return fields(registration.specClass(), defaults(registration, mapper), mapper);
    }

    /**
     * @param recordClass a record bound from JSON (a spec or a config section)
     * @param defaults the record as bound from an empty object, as JSON, or null when it cannot be bound
     *     without some fields
     * @param mapper the mapper that binds it (for enum values)
     * @return its fields, in declaration order; empty if {@code recordClass} is not a record
     */
    public static List<Field> fields(Class<?> recordClass, JsonNode defaults, ObjectMapper mapper) {
        List<Field> fields = new ArrayList<>();
        if (!recordClass.isRecord()) {
            return fields;
        }
        for (RecordComponent c : recordClass.getRecordComponents()) {
            java.lang.reflect.Field field = declaredField(recordClass, c.getName());
            JsonPropertyDescription d = annotation(field, c, JsonPropertyDescription.class);
            String description = d == null ? "" : d.value().strip();
            JsonNode value = defaults == null ? null : defaults.get(c.getName());
            String defaultValue;
            if (value != null && !value.isNull() && !value.isMissingNode()) {
                defaultValue = compact(value);
            } else if (defaults != null && value == null && omittedAtDefault(field, c)) {
                defaultValue = c.getType() == Boolean.class ? "false" : "0";
            } else if (isRequired(field, c)) {
                defaultValue = REQUIRED;
            } else {
                defaultValue = defaults == null ? REQUIRED : NONE;
            }
            fields.add(new Field(c.getName(), typeName(c.getGenericType(), mapper), defaultValue, description,
                    c.getGenericType()));
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

    /**
     * @param type a field's Java type
     * @param mapper the mapper that binds it
     * @return the type as a config author sees it
     */
    public static String typeName(Type type, ObjectMapper mapper) {
        if (type instanceof Class<?> c) {
            if (c.isEnum()) {
                return enumValues(c, mapper);
            }
            for (ComponentKind kind : ComponentKind.values()) {
                if (kind.specType().equals(c)) {
                    return kind.label() + " (by type)";
                }
            }
            if (c.isRecord()) {
                return "object";
            }
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw
                && Collection.class.isAssignableFrom(raw) && p.getActualTypeArguments().length == 1) {
            Type element = p.getActualTypeArguments()[0];
            String name = typeName(element, mapper);
            return switch (name) {
                case "integer" -> "list of integers";
                case "number" -> "list of numbers";
                case "string" -> "list of strings";
                case "boolean" -> "list of booleans";
                default -> "list of " + (name.contains(" ") ? "(" + name + ")" : name);
            };
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw
                && Map.class.isAssignableFrom(raw)) {
            return "map of " + typeName(p.getActualTypeArguments()[1], mapper);
        }
        String name = type.getTypeName().replaceAll("[a-zA-Z0-9_]+\\.", "").replace('$', '.');
        return switch (name) {
            case "Integer", "Long", "int", "long", "Short", "short", "Byte", "byte" -> "integer";
            case "Double", "Float", "double", "float", "BigDecimal" -> "number";
            case "Boolean", "boolean" -> "boolean";
            case "String", "Path" -> "string";
            default -> name;
        };
    }

    /** The JSON values of an enum (honouring {@code @JsonProperty} and {@code @JsonValue}), joined by " | ". */
    private static String enumValues(Class<?> enumClass, ObjectMapper mapper) {
        return Arrays.stream(enumClass.getEnumConstants()).map(constant -> {
            JsonNode json = mapper.valueToTree(constant);
            return json.isTextual() ? json.asText() : json.toString();
        }).collect(Collectors.joining(" | "));
    }

    /** Objects naming a {@code type} are shown by their type alone: their other fields are that type's defaults. */
    private static String compact(JsonNode value) {
        if (value.isObject() && value.has("type") && value.get("type").isTextual()) {
            return "{\"type\":" + value.get("type") + "}";
        }
        if (value.isArray() && value.size() > 0) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(compact(item)));
            return "[" + String.join(",", items) + "]";
        }
        return value.toString();
    }

    private static boolean isRequired(java.lang.reflect.Field field, RecordComponent c) {
        return annotation(field, c, NotNull.class) != null || annotation(field, c, NotBlank.class) != null
                || annotation(field, c, NotEmpty.class) != null;
    }

    /** An annotation on the record's field, its accessor, or the field's type (type-use constraints). */
    /**
     * A number or boolean left out of the serialised spec at its type's default ({@code @JsonInclude(NON_DEFAULT)}:
     * a field added with a default that keeps older configs' canonical form, and so their hashes).
     */
    private static boolean omittedAtDefault(java.lang.reflect.Field field, RecordComponent c) {
        JsonInclude include = annotation(field, c, JsonInclude.class);
        return include != null && include.value() == JsonInclude.Include.NON_DEFAULT
                && (Number.class.isAssignableFrom(c.getType()) || c.getType() == Boolean.class);
    }

    private static <A extends Annotation> A annotation(java.lang.reflect.Field field, RecordComponent c, Class<A> type) {
        for (AnnotatedElement e : new AnnotatedElement[] {field, c.getAccessor(), c,
                field == null ? null : field.getAnnotatedType()}) {
            A a = e == null ? null : e.getAnnotation(type);
            if (a != null) {
                return a;
            }
        }
        return null;
    }

    private static java.lang.reflect.Field declaredField(Class<?> recordClass, String name) {
        try {
            return recordClass.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            return null;       // records always have the field
        }
    }
}
