/**
 * The built-in metrics of vaelab, registered by {@link org.vaelab.metrics.MetricsPlugin} (see docs/metrics.md):
 * <ul>
 *   <li>{@link org.vaelab.metrics.representation}: {@code "active-units"} and {@code "linear-probe"};</li>
 *   <li>{@link org.vaelab.metrics.disentanglement}: {@code "beta-vae-score"}, {@code "factor-vae-score"},
 *       {@code "mig"}, {@code "dci"} and {@code "sap"}, following disentanglement_lib's protocols.</li>
 * </ul>
 * Classifiers come from Tribuo; {@link org.vaelab.metrics.internal} holds the shared sampling, counting and
 * Tribuo plumbing.
 */
package org.vaelab.metrics;
