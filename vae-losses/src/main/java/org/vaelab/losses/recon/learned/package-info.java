/**
 * Gaussian reconstruction likelihood with a learned standard deviation, global or per pixel (config type
 * {@code "learned-gaussian-reconstruction"}).
 */
package org.vaelab.losses.recon.learned;
