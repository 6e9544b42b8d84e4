package org.vaelab.models.prior.mixture;

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
import org.vaelab.api.model.Prior;
import org.vaelab.api.model.PriorSpec;
import org.vaelab.api.ops.VaeOps;

/**
 * A learnable mixture of K diagonal Gaussians, {@code p(z) = sum_k softmax(a)_k N(z; mu_k, diag(exp(s_k)))}, with
 * means, log-variances and weight logits trained with the model (the GMM prior of e.g. N. Dilokthanakul et al.,
 * <i>Deep Unsupervised Clustering with Gaussian Mixture Variational Autoencoders</i>, arXiv:1611.02648, here
 * as a plain learnable prior). The KL has no closed form: {@code beta-kl} takes the single-sample Monte Carlo
 * estimate {@code log q(z|x) - log p(z)} ({@link Prior#kl}). The means start spread as N(0, 1) draws, the variances
 * at 1 and the weights uniform. It samples inside the graph ({@link #sampleInGraph}: a component by uniform noise
 * against the cumulative weights, then its Gaussian reparameterised), so MMD terms can use it; the draw is
 * differentiable in the means and variances, not in the weights (a discrete choice).
 */
public final class GaussianMixturePrior implements Prior {

    /**
     * Config of {@link GaussianMixturePrior}: {@code {"type": "gaussian-mixture", "components": 10}}.
     *
     * @param components K, the number of components; default 10
     */
    public record Spec(
            @JsonPropertyDescription("K: the number of mixture components, each with learned mean, variances and"
                    + " weight. 1 is a learned diagonal Gaussian. Default 10.")
            @Positive @Max(10_000) Integer components) implements PriorSpec {
        /** The config type name. */
        public static final String TYPE = "gaussian-mixture";

        /** Fills in the default. */
        public Spec {
            components = components == null ? 10 : components;
        }
    }

    private final int k;
    private DiagonalMixture mixture;

    /** @param spec the validated spec */
    public GaussianMixturePrior(Spec spec) {
        this.k = Objects.requireNonNull(spec, "spec").components();
    }

    @Override
    public void build(GraphContext g) {
        int d = g.latentDim();
        SDVariable means = g.parameter("means", Initializer.normal(1.0), k, d);
        SDVariable logVars = g.parameter("log-vars", Initializer.zeros(), k, d);
        SDVariable logWeights = null;
        if (k > 1) {
            SDVariable logits = g.parameter("weight-logits", Initializer.zeros(), k);
            logWeights = logits.sub(VaeOps.logSumExp(g.sd(), logits.reshape(1, k), 1));       // log softmax
        }
        mixture = new DiagonalMixture(means, logVars, logWeights, k);
    }

    /** @return the components' means, log-variances and log weights, once built */
    public DiagonalMixture mixture() {
        return mixture;
    }

    @Override
    public SDVariable logProb(GraphContext g, SDVariable z) {
        return mixture.logProb(g, z);
    }

    /** @return a draw per example: a component chosen by its weight, reparameterised */
    @Override
    public Optional<SDVariable> sampleInGraph(GraphContext g) {
        return Optional.of(mixture.sampleInGraph(g, "prior"));
    }

    @Override
    public INDArray sample(GraphContext g, int n, SplittableRandom rng) {
        return mixture.sample(g, n, rng);
    }
}
