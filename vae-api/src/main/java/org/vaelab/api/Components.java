package org.vaelab.api;

/**
 * Builds a nested component from its spec, for a component whose spec holds another component's spec (a
 * loss term with a {@link org.vaelab.api.schedule.ScheduleSpec}). The framework binds it; a factory
 * registered by class receives it through {@code @Inject}.
 */
public interface Components {

    /**
     * @param kind the nested component's kind
     * @param spec its validated spec
     * @param type the component interface expected
     * @param <T> the component interface
     * @return the component the registered factory builds
     */
    <T> T create(ComponentKind kind, ComponentSpec spec, Class<T> type);
}
