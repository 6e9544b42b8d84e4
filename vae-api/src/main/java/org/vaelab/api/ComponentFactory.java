package org.vaelab.api;

/**
 * Turns a validated spec into a live component.
 *
 * <p>A factory registered by class is created by Guice, so it may {@code @Inject} services that
 * other plugins bind; a stateless factory may also be registered as an instance or a lambda, for
 * example {@code LaplacePrior::new}.
 *
 * @param <S> the spec type this factory reads
 * @param <T> the component type it creates
 */
@FunctionalInterface
public interface ComponentFactory<S extends ComponentSpec, T> {

    /**
     * Creates a component from its spec.
     *
     * @param spec the validated spec, with defaults filled in
     * @return a new component; never null
     */
    T create(S spec);
}
