/**
 * Reconstruction likelihoods p(x|z). {@link org.vaelab.losses.recon.PixelLikelihood} defines the per-pixel
 * likelihoods once (Bernoulli on logits, Gaussian with fixed sigma); the sub-packages hold the plain
 * reconstruction terms built on them, and {@link org.vaelab.losses.denoising} and
 * {@link org.vaelab.losses.occlusion} reuse them for corrupted inputs.
 */
package org.vaelab.losses.recon;
