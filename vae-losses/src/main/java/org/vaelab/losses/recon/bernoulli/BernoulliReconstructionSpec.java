package org.vaelab.losses.recon.bernoulli;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.PositiveOrZero;
import org.vaelab.api.loss.LossSpec;

/**
 * Config of {@link BernoulliReconstruction}: {@code {"type": "bernoulli-reconstruction", "weight": 1.0}}.
 *
 * <p>The components are primitive because {@link LossSpec#weight()} returns {@code double}, which a
 * {@code Double} record component cannot implement. Omitted or null JSON keys take their defaults through
 * the {@link JsonCreator} constructor, which also serves Java callers that pass {@code null}.
 *
 * @param weight multiplier of this term in the objective; default {@value #DEFAULT_WEIGHT}
 */
public record BernoulliReconstructionSpec(
        @JsonPropertyDescription("Multiplier of this term in the training objective (loss/total). Default 1.0.")
        @PositiveOrZero double weight) implements LossSpec {

    /** The config type name. */
    public static final String TYPE = "bernoulli-reconstruction";

    /** Default of {@link #weight()}. */
    public static final double DEFAULT_WEIGHT = 1.0;

    /**
     * Binds JSON and fills in defaults for omitted (null) values.
     *
     * @param weight multiplier of this term, or null for {@value #DEFAULT_WEIGHT}
     */
    @JsonCreator
    public BernoulliReconstructionSpec(@JsonProperty("weight") Double weight) {
        this(weight == null ? DEFAULT_WEIGHT : weight.doubleValue());
    }

    /** @return the spec with every field at its default */
    public static BernoulliReconstructionSpec defaults() {
        return new BernoulliReconstructionSpec((Double) null);
    }
}
