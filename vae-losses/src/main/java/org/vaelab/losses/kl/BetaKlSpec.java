package org.vaelab.losses.kl;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.Valid;
import jakarta.validation.constraints.PositiveOrZero;
import org.vaelab.api.loss.LossSpec;
import org.vaelab.api.schedule.ScheduleSpec;

/**
 * Config of {@link BetaKl}: {@code {"type": "beta-kl", "weight": 1.0, "beta": 1.0}}.
 *
 * <p>The components are primitive because {@link LossSpec#weight()} returns {@code double}, which a
 * {@code Double} record component cannot implement. Omitted or null JSON keys take their defaults through
 * the {@link JsonCreator} constructor, which also serves Java callers that pass {@code null}.
 *
 * @param weight multiplier of this term in the objective; default {@value #DEFAULT_WEIGHT}
 * @param beta the beta of beta-VAE, multiplying the KL in the objective; default {@value #DEFAULT_BETA}
 * @param schedule a schedule the KL is multiplied by inside the graph (warm-up, cyclical), or null for none
 */
public record BetaKlSpec(
        @JsonPropertyDescription("Multiplier of this term in the training objective (loss/total). Default 1.0.")
        @PositiveOrZero double weight,
        @JsonPropertyDescription("The beta of beta-VAE: multiplies the KL in the objective (1 is the plain ELBO,"
                + " above 1 favours disentangling). The logged loss/kl stays the raw KL in nats. Default 1.0.")
        @PositiveOrZero double beta,
        @JsonPropertyDescription("A schedule over training steps that multiplies the KL inside the objective (KL"
                + " warm-up: {type: linear, steps: N}; Fu et al. 2019: {type: cyclical, ...}): the KL's weight becomes"
                + " weight * beta * s(step); the logged loss/kl stays the raw KL. Unset: no schedule.")
        @Valid ScheduleSpec schedule) implements LossSpec {

    /** The config type name. */
    public static final String TYPE = "beta-kl";

    /** Default of {@link #weight()}. */
    public static final double DEFAULT_WEIGHT = 1.0;

    /** Default of {@link #beta()}. */
    public static final double DEFAULT_BETA = 1.0;

    /**
     * Binds JSON and fills in defaults for omitted (null) values.
     *
     * @param weight multiplier of this term, or null for {@value #DEFAULT_WEIGHT}
     * @param beta the KL multiplier, or null for {@value #DEFAULT_BETA}
     * @param schedule the schedule, or null for none
     */
    @JsonCreator
    public BetaKlSpec(@JsonProperty("weight") Double weight, @JsonProperty("beta") Double beta,
            @JsonProperty("schedule") ScheduleSpec schedule) {
        this(weight == null ? DEFAULT_WEIGHT : weight.doubleValue(),
                beta == null ? DEFAULT_BETA : beta.doubleValue(), schedule);
    }

    /**
     * A spec without schedule.
     *
     * @param weight multiplier of this term
     * @param beta the KL multiplier
     */
    public BetaKlSpec(double weight, double beta) {
        this(weight, beta, null);
    }

    /** @return the spec with every field at its default */
    public static BetaKlSpec defaults() {
        return new BetaKlSpec(null, null, null);
    }
}
