package org.vaelab.api.dense;

/**
 * One layer of a network's dense form: {@code y = activation(op(x) + b)} with weight {@code <name>/w} and
 * bias {@code <name>/b} created by {@code GraphContext.parameter} in the component's scope. Between
 * layers, each example's values are flat in the order SameDiff's {@code reshape} gives an NCHW map
 * (channel-major), so a convolution's output feeds a fully connected layer as the graph's
 * {@code reshape(-1, C*H*W)} does.
 */
public sealed interface NetworkLayer permits DenseLayer, ConvLayer {

    /** @return the parameter prefix, local to the component, for example {@code "conv1"} */
    String name();

    /** @return the activation applied after the layer's linear map */
    DenseActivation activation();

    /** @return values per example going in */
    long inputSize();

    /** @return values per example coming out */
    long outputSize();
}
