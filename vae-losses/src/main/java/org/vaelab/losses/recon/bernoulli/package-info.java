/**
 * Bernoulli reconstruction likelihood: the decoder output is read as per-pixel logits (config type
 * {@code "bernoulli-reconstruction"}). Suits binary or [0, 1]-valued images such as (binarised) MNIST.
 */
package org.vaelab.losses.recon.bernoulli;
