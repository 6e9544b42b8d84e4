/**
 * Convolutional encoder and decoder, config type {@code "conv"}: strided convolutions and transposed
 * convolutions with dense layers in between, after the convolutional VAEs of Burgess et al. (2017,
 * arXiv:1804.03599). With their defaults they are the conv model (M2) of the PyTorch reference for
 * Fashion-MNIST: conv 32 -> conv 64 (4x4, stride 2, padding 1) -> dense 256 -> z, and dense 256 -> dense
 * 64*7*7 -> transposed conv 32 -> transposed conv to the image channels, ReLU after every hidden layer.
 *
 * <p>{@link org.vaelab.models.conv.ConvEncoder} reshapes the flat, channel-major input to NCHW with the
 * run's image shape; {@link org.vaelab.models.conv.ConvDecoder} flattens its output back. Layer sizes are
 * checked against the image shape when the graph is built. Weights and biases are initialised as PyTorch
 * does by default ({@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))}). The dense layers and the
 * {@link org.vaelab.models.mlp.Activation} enum are shared with {@link org.vaelab.models.mlp}.
 */
package org.vaelab.models.conv;
