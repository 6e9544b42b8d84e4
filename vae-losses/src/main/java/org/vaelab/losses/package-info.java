/**
 * The built-in loss terms of vaelab, registered by {@link org.vaelab.losses.LossesPlugin}.
 *
 * <p>One sub-package per family, each holding the JSON spec beside its implementation; the per-pixel
 * likelihoods the reconstruction terms share are defined once in {@link org.vaelab.losses.recon.PixelLikelihood}:
 * <ul>
 *   <li>{@link org.vaelab.losses.recon.bernoulli}: {@code "bernoulli-reconstruction"}, Bernoulli likelihood on logits;</li>
 *   <li>{@link org.vaelab.losses.recon.gaussian}: {@code "gaussian-reconstruction"}, Gaussian likelihood with fixed sigma;</li>
 *   <li>{@link org.vaelab.losses.denoising}: {@code "denoising"}, the clean image's likelihood when the encoder
 *       sees a corrupted one;</li>
 *   <li>{@link org.vaelab.losses.occlusion}: {@code "occlusion-weighted-reconstruction"}, the likelihood with
 *       pixels weighted by whether the corruption hid them;</li>
 *   <li>{@link org.vaelab.losses.kl}: {@code "beta-kl"}, the (beta-weighted) KL divergence to the prior.</li>
 * </ul>
 * Every term returns a per-example vector {@code [batch]} summed over pixels or latent dimensions; the
 * runner takes the batch mean, so a term's logged value is in nats per example.
 */
package org.vaelab.losses;
