package org.vaelab.api.dense;

/**
 * One layer of a network's dense form: {@code y = activation(x W + b)} with weight {@code <name>/w} and
 * bias {@code <name>/b} created by {@code GraphContext.parameter} in the component's scope. Convolutions
 * have no dense form: the compiled engine runs conv networks from their own ops, faster than the dense
 * engine's conv layers did (docs/performance.md), so those were removed.
 */
public sealed interface NetworkLayer permits DenseLayer {

    /** @return the parameter prefix, local to the component, for example {@code "layer1"} */
    String name();

    /** @return the activation applied after the layer's linear map */
    DenseActivation activation();

    /** @return values per example going in */
    long inputSize();

    /** @return values per example coming out */
    long outputSize();
}
