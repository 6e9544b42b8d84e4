package org.vaelab.models.mlp;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Element-wise activation functions of dense layers. In JSON each is written in lower-case kebab case,
 * for example {@code "leaky-relu"}.
 */
public enum Activation {
    /** {@code max(0, x)}. */
    @JsonProperty("relu")
    RELU {
        @Override
        public SDVariable apply(SameDiff sd, String name, SDVariable x) {
            return sd.nn.relu(name, x, 0.0);
        }
    },
    /** Hyperbolic tangent. */
    @JsonProperty("tanh")
    TANH {
        @Override
        public SDVariable apply(SameDiff sd, String name, SDVariable x) {
            return sd.nn.tanh(name, x);
        }
    },
    /** Logistic sigmoid {@code 1 / (1 + exp(-x))}. */
    @JsonProperty("sigmoid")
    SIGMOID {
        @Override
        public SDVariable apply(SameDiff sd, String name, SDVariable x) {
            return sd.nn.sigmoid(name, x);
        }
    },
    /** Exponential linear unit with alpha 1: {@code x} for {@code x > 0}, else {@code exp(x) - 1}. */
    @JsonProperty("elu")
    ELU {
        @Override
        public SDVariable apply(SameDiff sd, String name, SDVariable x) {
            return sd.nn.elu(name, x);
        }
    },
    /** Leaky ReLU with slope {@value #LEAKY_RELU_SLOPE} for negative inputs (PyTorch's default). */
    @JsonProperty("leaky-relu")
    LEAKY_RELU {
        @Override
        public SDVariable apply(SameDiff sd, String name, SDVariable x) {
            return sd.nn.leakyRelu(name, x, LEAKY_RELU_SLOPE);
        }
    },
    /** {@code log(1 + exp(x))}. */
    @JsonProperty("softplus")
    SOFTPLUS {
        @Override
        public SDVariable apply(SameDiff sd, String name, SDVariable x) {
            return sd.nn.softplus(name, x);
        }
    },
    /**
     * Gaussian error linear unit {@code x Phi(x)} (D. Hendrycks and K. Gimpel, arXiv:1606.08415), as ND4J
     * computes it (its sigmoid approximation {@code x sigmoid(1.702 x)}).
     */
    @JsonProperty("gelu")
    GELU {
        @Override
        public SDVariable apply(SameDiff sd, String name, SDVariable x) {
            return sd.nn.gelu(name, x);
        }
    },
    /** No activation: the input itself, adding no op to the graph. */
    @JsonProperty("identity")
    IDENTITY {
        @Override
        public SDVariable apply(SameDiff sd, String name, SDVariable x) {
            return x;
        }
    };

    /** Slope of {@link #LEAKY_RELU} for negative inputs. */
    public static final double LEAKY_RELU_SLOPE = 0.01;

    /**
     * Adds this activation to the graph.
     *
     * @param sd the graph
     * @param x the pre-activations
     * @return the activations, same shape as {@code x} ({@code x} itself for {@link #IDENTITY})
     */
    public SDVariable apply(SameDiff sd, SDVariable x) {
        return apply(sd, null, x);
    }

    /**
     * Adds this activation to the graph under a name (in the current name scope).
     *
     * @param sd the graph
     * @param name the output's name, or null for a generated one; {@link #IDENTITY} adds no op, so it
     *     ignores the name and returns {@code x} as it is
     * @param x the pre-activations
     * @return the activations, same shape as {@code x}
     */
    public abstract SDVariable apply(SameDiff sd, String name, SDVariable x);

    /** @return the JSON name, for example {@code "leaky-relu"} */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
