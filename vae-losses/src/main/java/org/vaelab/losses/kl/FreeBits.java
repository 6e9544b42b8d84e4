package org.vaelab.losses.kl;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vaelab.api.UserInputException;
import org.vaelab.api.loss.ForwardPass;
import org.vaelab.api.loss.LossSpec;
import org.vaelab.api.loss.LossTerm;
import org.vaelab.api.model.GraphContext;
import org.vaelab.losses.BatchLevel;

/**
 * The KL with free bits (D. P. Kingma et al., <i>Improved Variational Inference with Inverse Autoregressive
 * Flow</i>, NeurIPS 2016, eq. 15 in appendix C.8), one group per latent dimension:
 * <pre>
 *   sum_j max(lambda, mean_batch KL_j),   KL_j = (exp(logVar_j) + mean_j^2 - 1 - logVar_j) / 2
 * </pre>
 * A dimension whose KL, averaged over the minibatch, is below lambda nats costs a constant lambda and gets no
 * gradient pushing it further towards the prior, which keeps latent units from collapsing. The floor applies to
 * the minibatch mean, as the paper writes it ("the average over the minibatch"): a floor per example would let
 * each example keep lambda nats in every dimension, a much weaker constraint. It is therefore a batch-level value
 * (the same for every example). Use it in place of {@code beta-kl}. KL_j is the closed form against the
 * standard normal prior, for a diagonal Gaussian posterior: the per-dimension split assumes a prior that
 * factorises into standard normals (with another prior use {@code beta-kl}).
 *
 * @param spec the validated spec
 */
public record FreeBits(Spec spec) implements LossTerm {

    /**
     * Config of {@link FreeBits}: {@code {"type": "free-bits", "lambda": 0.5}}.
     *
     * @param weight multiplier of this term; default 1
     * @param lambda the floor per dimension, in nats; default 0.5
     */
    public record Spec(
            @JsonPropertyDescription("Multiplier of this term in the training objective (loss/total). Default 1.0.")
            @PositiveOrZero double weight,
            @JsonPropertyDescription("lambda: the floor of each latent dimension's batch-mean KL, in nats. Default 0.5.")
            @PositiveOrZero double lambda) implements LossSpec {

        /** The config type name. */
        public static final String TYPE = "free-bits";

        /**
         * Binds JSON and fills in defaults.
         *
         * @param weight the weight or null
         * @param lambda the floor or null
         */
        @JsonCreator
        public Spec(@JsonProperty("weight") Double weight, @JsonProperty("lambda") Double lambda) {
            this(weight == null ? 1.0 : weight, lambda == null ? 0.5 : lambda);
        }
    }

    /** @param spec the validated spec */
    public FreeBits {
        Objects.requireNonNull(spec, "spec");
    }

    /** @return {@code "kl-free-bits"} */
    @Override
    public String name() {
        return "kl-free-bits";
    }

    @Override
    public SDVariable perExample(GraphContext g, ForwardPass fp) {
        if (!fp.posterior().isDiagonalGaussian()) {
            throw new UserInputException("free-bits needs a diagonal Gaussian posterior (the encoder gives "
                    + fp.posterior().family() + "); use beta-kl");
        }
        SameDiff sd = g.sd();
        SDVariable mean = fp.posterior().mean();
        SDVariable logVar = fp.posterior().logVar();
        SDVariable perDim = sd.math.exp(logVar).add(sd.math.square(mean)).sub(1.0).sub(logVar).mul(0.5); // [b, d]
        SDVariable floor = sd.constant(org.nd4j.linalg.factory.Nd4j.valueArrayOf(new long[] {g.latentDim()},
                spec.lambda(), g.dataType()));
        SDVariable total = sd.math.max(perDim.mean(0), floor).sum();
        return BatchLevel.spread(total, perDim.sum(1));
    }
}
