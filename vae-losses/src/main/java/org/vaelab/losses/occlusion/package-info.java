/**
 * The occlusion-weighted reconstruction term (config type {@code "occlusion-weighted-reconstruction"}):
 * the clean image's per-pixel negative log-likelihood, weighted differently where the corruption's mask
 * says a pixel was hidden from the encoder and where it was visible.
 */
package org.vaelab.losses.occlusion;
