package org.vaelab.api.dense;

/** The activations the dense engine implements (forward and derivative). */
public enum DenseActivation {
    /** No activation. */
    IDENTITY,
    /** {@code max(0, x)}. */
    RELU,
    /** Hyperbolic tangent. */
    TANH,
    /** Logistic sigmoid. */
    SIGMOID
}
