package org.vaelab.api;

/**
 * Marker for every component configuration bound from JSON or YAML.
 *
 * <p>Implementations are immutable Java records whose compact constructor fills in defaults for
 * omitted (null) fields, annotated with Jakarta Bean Validation constraints (for example
 * {@code @Positive}) and {@code @JsonPropertyDescription} for the generated documentation. Each
 * implementation declares a {@code public static final String TYPE}, the kebab-case name a config
 * uses in its {@code "type"} field.
 *
 * <p>Loss specs implement {@link org.vaelab.api.loss.LossSpec#weight()}, which returns a primitive
 * {@code double}; their records keep primitive components and add a {@code @JsonCreator} constructor
 * taking boxed values, which replaces nulls with defaults (see {@code BetaKlSpec} in vae-losses).
 */
public interface ComponentSpec {}
