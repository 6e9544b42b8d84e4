package org.vaelab.experiments.plugins;

import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.google.inject.Injector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vaelab.api.ComponentFactory;
import org.vaelab.api.ComponentKind;
import org.vaelab.api.ComponentRegistration;
import org.vaelab.api.ComponentSpec;
import org.vaelab.api.UserInputException;

/**
 * Every registered component type, by kind and type name, and the factory that builds it.
 * Rejects two registrations of one type name within a kind, naming both.
 */
public final class ComponentRegistry implements org.vaelab.api.Components {

    private final Map<ComponentKind, Map<String, ComponentRegistration>> byKind = new EnumMap<>(ComponentKind.class);
    private final Injector injector;

    /**
     * @param registrations what the plugins registered
     * @param injector creates factories registered by class
     */
    public ComponentRegistry(Collection<ComponentRegistration> registrations, Injector injector) {
        this.injector = injector;
        for (ComponentKind kind : ComponentKind.values()) {
            byKind.put(kind, new TreeMap<>());
        }
        List<String> clashes = new ArrayList<>();
        for (ComponentRegistration r : registrations.stream()
                .sorted(Comparator.comparing(ComponentRegistration::origin)).toList()) {
            ComponentRegistration previous = byKind.get(r.kind()).putIfAbsent(r.type(), r);
            if (previous != null && !previous.equals(r)) {
                clashes.add(r.kind().label() + " type '" + r.type() + "' is registered twice: by "
                        + previous.origin() + " and by " + r.origin());
            }
        }
        if (!clashes.isEmpty()) {
            throw new UserInputException("conflicting plugins:\n  " + String.join("\n  ", clashes)
                    + "\nremove one of the plugin jars, or rename the type in one of them");
        }
    }

    /** @return the Jackson subtypes to register: spec class under its type name */
    public List<NamedType> namedTypes() {
        List<NamedType> types = new ArrayList<>();
        byKind.values().forEach(m -> m.values().forEach(r -> types.add(new NamedType(r.specClass(), r.type()))));
        return types;
    }

    /**
     * @param kind a component kind
     * @return its registrations, sorted by type name
     */
    public List<ComponentRegistration> registrations(ComponentKind kind) {
        return List.copyOf(byKind.get(kind).values());
    }

    /**
     * @param kind a component kind
     * @return its type names, sorted
     */
    public List<String> typeNames(ComponentKind kind) {
        return List.copyOf(byKind.get(kind).keySet());
    }

    /**
     * @param kind the kind of component a spec is for
     * @param specClass the spec's class
     * @return the registration that binds it
     */
    public ComponentRegistration registrationFor(ComponentKind kind, Class<?> specClass) {
        return byKind.get(kind).values().stream().filter(r -> r.specClass().equals(specClass)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + kind.label() + " registered for " + specClass.getName()));
    }

    /**
     * Builds a live component from its spec.
     *
     * @param kind the kind
     * @param spec the validated spec
     * @param type the expected component interface
     * @param <T> the component interface
     * @return the component
     */
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> T create(ComponentKind kind, ComponentSpec spec, Class<T> type) {
        ComponentRegistration r = registrationFor(kind, spec.getClass());
        ComponentFactory factory = r.factoryInstance() != null ? r.factoryInstance() : injector.getInstance(r.factoryClass());
        Object component = factory.create(spec);
        if (!type.isInstance(component)) {
            throw new IllegalStateException(r.origin() + " created " + component.getClass().getName()
                    + ", which is not a " + type.getName());
        }
        return (T) component;
    }
}
