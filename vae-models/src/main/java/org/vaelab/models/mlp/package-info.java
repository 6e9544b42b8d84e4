/**
 * Fully connected (multi-layer perceptron) encoder and decoder, config type {@code "mlp"}, after the
 * networks of Kingma &amp; Welling (2014).
 *
 * <p>{@link org.vaelab.models.mlp.MlpEncoder} maps a flattened image to the mean and log-variance of a
 * diagonal Gaussian; {@link org.vaelab.models.mlp.MlpDecoder} maps a latent code back to one value per
 * pixel. Both are built from dense layers {@code act(x W + b)} whose weights and biases are initialised
 * as PyTorch does by default ({@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))}), and share the
 * {@link org.vaelab.models.mlp.Activation} enum.
 */
package org.vaelab.models.mlp;
