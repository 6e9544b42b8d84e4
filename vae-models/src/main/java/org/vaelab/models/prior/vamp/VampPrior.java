package org.vaelab.models.prior.vamp;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.model.Initializer;
import org.vaelab.api.model.Posterior;
import org.vaelab.api.model.Prior;
import org.vaelab.api.model.PriorSpec;
import org.vaelab.models.prior.mixture.DiagonalMixture;

/**
 * The VampPrior (J. M. Tomczak and M. Welling, <i>VAE with a VampPrior</i>, AISTATS 2018, eq. 9):
 * {@code p(z) = 1/K sum_k q(z | u_k)}, the model's own posterior at K learned pseudo-inputs u_k, pushed through the
 * encoder with shared weights ({@link GraphContext#encode}), so the prior follows the encoder. The pseudo-inputs
 * are images {@code [K, C*H*W]} initialised uniformly in [0, 1] (the paper uses N(0.05, 0.01) behind a hard tanh;
 * plain parameters keep the graph simple). The KL is the Monte Carlo estimate ({@link Prior#kl}). It samples inside
 * the graph (component by uniform noise, then reparameterised), so MMD terms can use it, and outside the graph from
 * the trained pseudo-inputs. The encoder must give a diagonal Gaussian posterior.
 */
public final class VampPrior implements Prior {

    /**
     * Config of {@link VampPrior}: {@code {"type": "vamp", "components": 500}}.
     *
     * @param components K, the number of pseudo-inputs; default 500 (the paper's)
     */
    public record Spec(
            @JsonPropertyDescription("K: the number of learned pseudo-inputs (mixture components). Each costs one"
                    + " encoder pass per step. Default 500 (the paper's).")
            @Positive @Max(100_000) Integer components) implements PriorSpec {
        /** The config type name. */
        public static final String TYPE = "vamp";

        /** Fills in the default. */
        public Spec {
            components = components == null ? 500 : components;
        }
    }

    private final int k;
    private DiagonalMixture mixture;

    /** @param spec the validated spec */
    public VampPrior(Spec spec) {
        this.k = Objects.requireNonNull(spec, "spec").components();
    }

    @Override
    public void build(GraphContext g) {
        SDVariable pseudoInputs = g.parameter("pseudo-inputs", Initializer.uniform(0.5), k, g.inputDim()).add(0.5);
        Posterior pseudo = g.encode(pseudoInputs);
        if (!pseudo.isDiagonalGaussian()) {
            throw new org.vaelab.api.UserInputException("the vamp prior needs an encoder with a diagonal Gaussian "
                    + "posterior (this one gives " + pseudo.family() + ")");
        }
        mixture = new DiagonalMixture(pseudo.mean(), pseudo.logVar(), null, k);
    }

    @Override
    public SDVariable logProb(GraphContext g, SDVariable z) {
        return mixture.logProb(g, z);
    }

    /** @return a draw per example: a uniformly chosen pseudo-input's posterior, reparameterised */
    @Override
    public Optional<SDVariable> sampleInGraph(GraphContext g) {
        return Optional.of(mixture.sampleInGraph(g, "prior"));
    }

    @Override
    public INDArray sample(GraphContext g, int n, SplittableRandom rng) {
        return mixture.sample(g, n, rng);
    }
}
