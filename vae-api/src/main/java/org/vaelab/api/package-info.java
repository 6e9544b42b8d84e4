/**
 * The vaelab service-provider interface (SPI): the small, stable set of types a plugin implements.
 *
 * <p>A plugin is a Guice module implementing {@link org.vaelab.api.VaePlugin}, listed in
 * {@code META-INF/services/org.vaelab.api.VaePlugin}. In its {@code configure()} it registers each
 * component with one {@link org.vaelab.api.Plugins} call, which binds the component's config type name
 * (the {@code "type"} field in a config) and its factory under the same string.
 *
 * <p>Component kinds and where their interfaces live:
 * <ul>
 *   <li>{@link org.vaelab.api.model}: encoders, decoders and priors, which add ops to a SameDiff graph;</li>
 *   <li>{@link org.vaelab.api.loss}: loss terms, per-example contributions to the objective;</li>
 *   <li>{@link org.vaelab.api.data}: data sources;</li>
 *   <li>{@link org.vaelab.api.corruption}: input corruptions (noise, occlusion) applied per batch;</li>
 *   <li>{@link org.vaelab.api.ops}: graph helpers shared by plugins (likelihoods, Gaussian densities).</li>
 * </ul>
 * Everything in these packages is a stable extension point; everything outside {@code vae-api} is internal.
 */
package org.vaelab.api;
