/**
 * Loss terms: the pieces of the training objective.
 *
 * <p>Each term returns a per-example vector {@code [batch]}. The runner builds
 * {@code loss/total = sum_i weight_i * coefficient_i * mean_batch(term_i)}, marks only that variable as
 * the loss, and logs each term's raw batch mean as {@code loss/<name>}. Convention (as in pythae and
 * the beta-VAE papers, so that published hyperparameters carry over): <b>sum over pixels and latent
 * dimensions, mean over the batch</b>, in nats.
 *
 * <p>A {@link org.vaelab.api.loss.ReconstructionTerm} is also a likelihood p(x|z): the runner uses the
 * first one in the config to report the negative ELBO and to turn decoder outputs into images.
 */
package org.vaelab.api.loss;
