/**
 * The continuous Bernoulli likelihood with its normaliser (config type
 * {@code "continuous-bernoulli-reconstruction"}).
 */
package org.vaelab.losses.recon.continuous;
