package org.vaelab.api;

/**
 * Marker for every component configuration bound from JSON or YAML.
 *
 * <p>Implementations are immutable Java records whose compact constructor fills in defaults for
 * omitted (null) fields, annotated with Jakarta Bean Validation constraints (for example
 * {@code @Positive}) and {@code @JsonPropertyDescription} for the generated documentation. Each
 * implementation declares a {@code public static final String TYPE}, the kebab-case name a config
 * uses in its {@code "type"} field.
 */
public interface ComponentSpec {}
