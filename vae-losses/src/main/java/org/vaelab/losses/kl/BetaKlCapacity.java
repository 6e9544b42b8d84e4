package org.vaelab.losses.kl;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.loss.ForwardPass;
import org.vaelab.api.loss.LossSpec;
import org.vaelab.api.loss.LossTerm;
import org.vaelab.api.model.GraphContext;
import org.vaelab.losses.BatchLevel;

/**
 * Capacity annealing (C. P. Burgess et al., <i>Understanding disentangling in beta-VAE</i>, NIPS 2017 workshop,
 * arXiv:1804.03599, eq. 8): the KL is pulled towards a target capacity C(t) that grows linearly,
 * <pre>
 *   gamma * | mean_batch KL(q(z|x) || p(z)) - C(t) |,   C(t) = capacity * min(1, t / steps)
 * </pre>
 * with t the optimiser steps taken ({@link GraphContext#trainingStep()}) and the KL as {@code beta-kl} takes it
 * ({@code Prior.kl}). The absolute value is of the batch-mean KL, as in the authors' and disentanglement_lib's
 * implementations, so the term is a batch-level value (the same for every example). Use it instead of
 * {@code beta-kl}, beside a reconstruction term. The paper: gamma 1000, capacity 25 nats over 100000 steps on
 * dSprites.
 *
 * @param spec the validated spec
 */
public record BetaKlCapacity(Spec spec) implements LossTerm {

    /**
     * Config of {@link BetaKlCapacity}:
     * {@code {"type": "beta-kl-capacity", "gamma": 1000, "capacity": 25, "steps": 100000}}.
     *
     * @param weight multiplier of this term; default 1
     * @param gamma the penalty on the distance from the target capacity; default 1000
     * @param capacity C_max, the final capacity in nats; default 25
     * @param steps the optimiser steps over which C grows from 0 to C_max; default 100000
     */
    public record Spec(
            @JsonPropertyDescription("Multiplier of this term in the training objective (loss/total). Default 1.0.")
            @PositiveOrZero double weight,
            @JsonPropertyDescription("gamma: weight of |KL - C(t)|. Default 1000.")
            @PositiveOrZero double gamma,
            @JsonPropertyDescription("C_max: the capacity (target KL, nats) reached after `steps`. Default 25.")
            @PositiveOrZero double capacity,
            @JsonPropertyDescription("Optimiser steps (batches) over which C grows linearly from 0 to C_max. Default 100000.")
            @Positive int steps) implements LossSpec {

        /** The config type name. */
        public static final String TYPE = "beta-kl-capacity";

        /**
         * Binds JSON and fills in defaults.
         *
         * @param weight the weight or null
         * @param gamma gamma or null
         * @param capacity C_max or null
         * @param steps the ramp length or null
         */
        @JsonCreator
        public Spec(@JsonProperty("weight") Double weight, @JsonProperty("gamma") Double gamma,
                @JsonProperty("capacity") Double capacity, @JsonProperty("steps") Integer steps) {
            this(weight == null ? 1.0 : weight, gamma == null ? 1000.0 : gamma, capacity == null ? 25.0 : capacity,
                    steps == null ? 100_000 : steps);
        }
    }

    /** @param spec the validated spec */
    public BetaKlCapacity {
        Objects.requireNonNull(spec, "spec");
    }

    /** @return {@code "kl-capacity"} */
    @Override
    public String name() {
        return "kl-capacity";
    }

    @Override
    public SDVariable perExample(GraphContext g, ForwardPass fp) {
        SDVariable kl = fp.prior().kl(g, fp.posterior(), fp.z());
        SDVariable progress = g.sd().math.min(g.trainingStep().div((double) spec.steps()),
                g.sd().constant(org.nd4j.linalg.factory.Nd4j.scalar(g.dataType(), 1.0)));
        SDVariable target = progress.mul(spec.capacity());
        return BatchLevel.spread(g.sd().math.abs(kl.mean().sub(target)), kl);
    }

    /** @return gamma */
    @Override
    public double coefficient() {
        return spec.gamma();
    }
}
