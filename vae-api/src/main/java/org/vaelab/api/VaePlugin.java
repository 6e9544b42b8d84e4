package org.vaelab.api;

import com.google.inject.Module;

/**
 * The entry point of a plugin: a Guice module found with {@link java.util.ServiceLoader}.
 *
 * <p>List the implementing class in {@code META-INF/services/org.vaelab.api.VaePlugin} and register
 * components in {@code configure()} with {@link Plugins}:
 *
 * <pre>{@code
 * public final class MyPlugin extends AbstractModule implements VaePlugin {
 *     protected void configure() {
 *         Plugins.prior(binder(), LaplacePriorSpec.TYPE, LaplacePriorSpec.class, LaplacePrior::new);
 *     }
 * }
 * }</pre>
 *
 * A plugin needs a public no-argument constructor. Plugins depend on {@code vae-api} only, never on
 * each other or on the framework's internals.
 */
public interface VaePlugin extends Module {}
