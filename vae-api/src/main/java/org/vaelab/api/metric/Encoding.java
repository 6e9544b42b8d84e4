package org.vaelab.api.metric;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The diagonal Gaussian posterior q(z|x) of a batch of images.
 *
 * @param mean posterior means {@code [n, latentDim]}
 * @param logVar posterior log-variances {@code [n, latentDim]}
 */
public record Encoding(INDArray mean, INDArray logVar) {}
