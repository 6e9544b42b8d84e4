package org.vaelab.losses.kl;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.PositiveOrZero;
import org.vaelab.api.loss.LossSpec;

/**
 * Config of {@link BetaKl}: {@code {"type": "beta-kl", "weight": 1.0, "beta": 1.0}}.
 *
 * <p>The components are primitive because {@link LossSpec#weight()} returns {@code double}, which a
 * {@code Double} record component cannot implement. Omitted or null JSON keys take their defaults through
 * the {@link JsonCreator} constructor, which also serves Java callers that pass {@code null}.
 *
 * @param weight multiplier of this term in the objective; default {@value #DEFAULT_WEIGHT}
 * @param beta the beta of beta-VAE, multiplying the KL in the objective; default {@value #DEFAULT_BETA}
 */
public record BetaKlSpec(
        @JsonPropertyDescription("Multiplier of this term in the training objective (loss/total). Default 1.0.")
        @PositiveOrZero double weight,
        @JsonPropertyDescription("The beta of beta-VAE: multiplies the KL in the objective (1 is the plain ELBO,"
                + " above 1 favours disentangling). The logged loss/kl stays the raw KL in nats. Default 1.0.")
        @PositiveOrZero double beta) implements LossSpec {

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
     */
    @JsonCreator
    public BetaKlSpec(@JsonProperty("weight") Double weight, @JsonProperty("beta") Double beta) {
        this(weight == null ? DEFAULT_WEIGHT : weight.doubleValue(),
                beta == null ? DEFAULT_BETA : beta.doubleValue());
    }

    /** @return the spec with every field at its default */
    public static BetaKlSpec defaults() {
        return new BetaKlSpec((Double) null, (Double) null);
    }
}
