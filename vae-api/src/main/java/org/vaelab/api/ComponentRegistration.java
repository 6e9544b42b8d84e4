package org.vaelab.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One registered component type: what a config names, which spec it binds and which factory builds it.
 * Created by {@link Plugins}; the framework collects them from every plugin.
 *
 * @param kind the component kind
 * @param type the kebab-case type name used in configs
 * @param specClass the spec record bound for this type
 * @param factoryClass the factory class Guice instantiates, or null when {@code factoryInstance} is given
 * @param factoryInstance a ready factory, or null when {@code factoryClass} is given
 */
public record ComponentRegistration(
        ComponentKind kind,
        String type,
        Class<? extends ComponentSpec> specClass,
        Class<? extends ComponentFactory<?, ?>> factoryClass,
        ComponentFactory<?, ?> factoryInstance) {

    private static final Pattern KEBAB_CASE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /**
     * Checks the type name, that the spec fits the kind, and that exactly one factory form is given.
     *
     * @param kind the component kind
     * @param type the kebab-case type name used in configs
     * @param specClass the spec record bound for this type
     * @param factoryClass the factory class Guice instantiates, or null when {@code factoryInstance} is given
     * @param factoryInstance a ready factory, or null when {@code factoryClass} is given
     */
    public ComponentRegistration {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(specClass, "specClass");
        if (!KEBAB_CASE.matcher(type).matches()) {
            throw new IllegalArgumentException("component type '" + type + "' must be kebab-case (for example 'beta-kl')");
        }
        if (!kind.specType().isAssignableFrom(specClass)) {
            throw new IllegalArgumentException(specClass.getName() + " must implement " + kind.specType().getName()
                    + " to be registered as " + kind.label() + " '" + type + "'");
        }
        if ((factoryClass == null) == (factoryInstance == null)) {
            throw new IllegalArgumentException("give exactly one of factoryClass and factoryInstance for "
                    + kind.label() + " '" + type + "'");
        }
    }

    /** @return a human-readable description of where this registration comes from, for error messages */
    public String origin() {
        Class<?> source = factoryClass != null ? factoryClass : specClass;
        var codeSource = source.getProtectionDomain().getCodeSource();
        String location = codeSource == null || codeSource.getLocation() == null
                ? "" : " (" + codeSource.getLocation().getPath() + ")";
        return (factoryClass != null ? factoryClass.getName() : "spec " + specClass.getName()) + location;
    }
}
