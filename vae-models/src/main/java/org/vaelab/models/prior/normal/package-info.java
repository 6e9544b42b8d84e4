/**
 * The standard normal prior p(z) = N(0, I), config type {@code "standard-normal"}: the prior of the
 * original variational autoencoder (Kingma &amp; Welling, 2014). It has no parameters and a closed-form
 * KL divergence from a diagonal Gaussian posterior.
 */
package org.vaelab.models.prior.normal;
