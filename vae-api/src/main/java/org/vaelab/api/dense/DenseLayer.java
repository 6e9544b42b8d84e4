package org.vaelab.api.dense;

import java.util.Objects;

/**
 * One fully connected layer {@code y = activation(x W + b)} as the component builds it in SameDiff:
 * weight {@code <name>/w} of shape {@code [in, out]} and bias {@code <name>/b} of shape {@code [out]},
 * both created with {@code GraphContext.parameter} in the component's scope.
 *
 * @param name the parameter prefix, local to the component, for example {@code "fc1"}
 * @param in input width
 * @param out output width
 * @param activation the activation applied to {@code x W + b}
 */
public record DenseLayer(String name, long in, long out, DenseActivation activation) implements NetworkLayer {
    /**
     * Validates the description.
     *
     * @param name the parameter prefix
     * @param in input width
     * @param out output width
     * @param activation the activation
     */
    public DenseLayer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(activation, "activation");
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("layer " + name + ": widths must be positive, got " + in + " -> " + out);
        }
    }

    @Override
    public long inputSize() {
        return in;
    }

    @Override
    public long outputSize() {
        return out;
    }
}
