/**
 * The built-in model components of vaelab: encoders, decoders and priors, registered by
 * {@link org.vaelab.models.ModelsPlugin}.
 *
 * <p>One package per component family, with each spec beside its implementation:
 * <ul>
 *   <li>{@link org.vaelab.models.mlp}: fully connected encoder and decoder ({@code "mlp"});</li>
 *   <li>{@link org.vaelab.models.conv}: convolutional encoder and decoder ({@code "conv"});</li>
 *   <li>{@link org.vaelab.models.prior.normal}: the standard normal prior ({@code "standard-normal"}).</li>
 * </ul>
 * Everything here depends on {@code vae-api} only and is internal; configs refer to these components
 * by their type names.
 */
package org.vaelab.models;
