package org.vaelab.losses.iwae;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vaelab.api.loss.ForwardPass;
import org.vaelab.api.loss.LossSpec;
import org.vaelab.api.loss.LossTerm;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.model.Posterior;
import org.vaelab.api.ops.VaeOps;

/**
 * The importance-weighted bound as the training objective (Y. Burda, R. Grosse and R. Salakhutdinov,
 * <i>Importance Weighted Autoencoders</i>, ICLR 2016, eq. 8): with K reparameterised draws
 * {@code z_k ~ q(z|x)} per example (the model's posterior family, from seeded noise
 * {@link GraphContext#standardNormal}),
 * <pre>
 *   -log (1/K) sum_k p(x|z_k) p(z_k) / q(z_k|x)
 * </pre>
 * each z_k decoded with the model's decoder and scored with its likelihood ({@link GraphContext#decode},
 * {@link GraphContext#reconstructionNll}). It replaces both the reconstruction and the KL in the objective: give
 * the likelihood with weight 0 (it still defines p(x|z)) and no beta-kl. K = 1 would be the ELBO; K must be at
 * least 2 (SameDiff M2.1 cannot reduce over a dimension of size 1, and K = 1 is the plain ELBO anyway).
 *
 * @param spec the validated spec
 */
public record Iwae(Spec spec) implements LossTerm {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /** The name of the term's noise input. */
    public static final String NOISE = "iwae";

    /**
     * Config of {@link Iwae}: {@code {"type": "iwae", "samples": 5}}.
     *
     * @param weight multiplier of this term; default 1
     * @param samples K, the importance samples per example, at least 2; default 5
     */
    public record Spec(
            @JsonPropertyDescription("Multiplier of this term in the training objective (loss/total). Default 1.0.")
            @PositiveOrZero double weight,
            @JsonPropertyDescription("K: importance samples per example, 2 to 1000 (K = 1 is the ELBO: use"
                    + " beta-kl). Each is decoded, so a step costs about K forward passes. Default 5.")
            @Min(value = 2, message = "must be at least 2 (K = 1 is the plain ELBO: use beta-kl)") @Max(1000) int samples)
            implements LossSpec {

        /** The config type name. */
        public static final String TYPE = "iwae";

        /**
         * Binds JSON and fills in defaults.
         *
         * @param weight the weight or null
         * @param samples K or null
         */
        @JsonCreator
        public Spec(@JsonProperty("weight") Double weight, @JsonProperty("samples") Integer samples) {
            this(weight == null ? 1.0 : weight, samples == null ? 5 : samples);
        }
    }

    /** @param spec the validated spec */
    public Iwae {
        Objects.requireNonNull(spec, "spec");
    }

    /** @return {@code "iwae"} */
    @Override
    public String name() {
        return "iwae";
    }

    @Override
    public SDVariable perExample(GraphContext g, ForwardPass fp) {
        SameDiff sd = g.sd();
        int k = spec.samples();
        int d = g.latentDim();
        long pixels = g.inputDim();
        Posterior q = fp.posterior();
        // every example's posterior repeated K times, [b*K, d]: any family samples and scores its own way
        Posterior repeated = new Posterior(repeat(sd, q.mean(), k, d), repeat(sd, q.logVar(), k, d), q.family());
        SDVariable eps = g.standardNormal(NOISE, k, d).reshape(-1, d);
        SDVariable z = repeated.sample(g, eps);
        SDVariable nll = g.reconstructionNll(repeat(sd, fp.target(), k, pixels), g.decode(z)).reshape(-1, k);
        // the diagonal Gaussian's (z - mean)^2 / var is eps^2: exact, where the difference would lose float precision
        SDVariable logQ = q.isDiagonalGaussian()
                ? sd.math.square(eps).add(repeated.logVar()).add(LOG_2PI).sum(1).mul(-0.5)
                : repeated.logDensity(g, z);
        SDVariable logW = fp.prior().logProb(g, z).sub(logQ).reshape(-1, k).sub(nll);
        return VaeOps.logSumExp(sd, logW, 1).sub(Math.log(k)).neg();
    }

    private static SDVariable repeat(SameDiff sd, SDVariable x, int k, long width) {
        return sd.tile(x.reshape(-1, 1, width), 1, k, 1).reshape(-1, width);
    }
}
