/** A learnable Gaussian-mixture prior (config type {@code "gaussian-mixture"}) and the mixture density it shares with the VampPrior. */
package org.vaelab.models.prior.mixture;
