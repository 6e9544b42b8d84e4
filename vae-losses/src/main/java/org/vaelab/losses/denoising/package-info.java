/**
 * The denoising reconstruction term (config type {@code "denoising"}): the encoder sees the corrupted
 * input of the config's {@code corruption}, and the term scores the clean image (Im et al., AAAI 2017).
 */
package org.vaelab.losses.denoising;
