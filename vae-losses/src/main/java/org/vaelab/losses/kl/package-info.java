/**
 * The KL divergence of the posterior q(z|x) from the prior p(z), optionally weighted by beta
 * (config type {@code "beta-kl"}): analytic when the prior offers a closed form, otherwise a
 * single-sample Monte Carlo estimate at the reparameterised z of the pass.
 */
package org.vaelab.losses.kl;
