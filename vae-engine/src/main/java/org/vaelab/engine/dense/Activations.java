package org.vaelab.engine.dense;

import org.vaelab.api.dense.DenseActivation;

/**
 * The dense engine's element-wise layer work on row-major heap arrays: simple loops (no calls in the
 * ReLU and identity paths) so that the JIT compiles them to vector instructions.
 */
final class Activations {

    private Activations() {}

    /** {@code h[r, j] = act(h[r, j] + b[j])} in place, for {@code rows} rows of width {@code width}. */
    static void biasAndActivate(float[] h, float[] b, int rows, int width, DenseActivation act) {
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            switch (act) {
                case RELU -> {
                    for (int j = 0; j < width; j++) {
                        h[o + j] = Math.max(h[o + j] + b[j], 0f);
                    }
                }
                case IDENTITY -> {
                    for (int j = 0; j < width; j++) {
                        h[o + j] += b[j];
                    }
                }
                case TANH -> {
                    for (int j = 0; j < width; j++) {
                        h[o + j] = (float) Math.tanh(h[o + j] + b[j]);
                    }
                }
                case SIGMOID -> {
                    for (int j = 0; j < width; j++) {
                        h[o + j] = Losses.sigmoid(h[o + j] + b[j]);
                    }
                }
            }
        }
    }

    /**
     * {@code g *= act'(pre-activation)} in place, from the activation's output {@code h}: ReLU 1 where h > 0,
     * tanh {@code 1 - h^2}, sigmoid {@code h (1 - h)}.
     */
    static void derivative(float[] g, float[] h, int n, DenseActivation act) {
        switch (act) {
            case RELU -> {
                if (VectorApi.PRESENT) {
                    VectorKernels.reluDerivative(g, h, n);
                } else {
                    for (int i = 0; i < n; i++) {
                        g[i] = h[i] > 0f ? g[i] : 0f;
                    }
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    g[i] *= 1f - h[i] * h[i];
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    g[i] *= h[i] * (1f - h[i]);
                }
            }
            case IDENTITY -> { }
        }
    }

    /** {@code sums[j] = sum_r g[r, j]}. */
    static void columnSums(float[] g, int rows, int width, float[] sums) {
        java.util.Arrays.fill(sums, 0f);
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            for (int j = 0; j < width; j++) {
                sums[j] += g[o + j];
            }
        }
    }
}
