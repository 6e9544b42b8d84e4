/**
 * Gaussian reconstruction likelihood with a fixed, isotropic standard deviation: the decoder output is
 * read as the per-pixel mean (config type {@code "gaussian-reconstruction"}). Suits continuous-valued data.
 */
package org.vaelab.losses.recon.gaussian;
