package org.example.vaelab.laplace;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.PositiveOrZero;
import org.vaelab.api.loss.LossSpec;

/**
 * Config of {@link LatentL1}: {@code {type: latent-l1, weight: 0.1}}.
 *
 * <p>Loss specs follow one pattern: {@link LossSpec#weight()} returns a primitive {@code double}, which a
 * boxed record component cannot implement, so the component stays primitive and a {@link JsonCreator}
 * constructor takes the boxed value and replaces null (an omitted key) with the default.
 *
 * @param weight multiplier of this term in the objective; default {@value #DEFAULT_WEIGHT}
 */
public record LatentL1Spec(
        @JsonPropertyDescription("Multiplier of the penalty sum_j |mean_j| in the training objective (loss/total). "
                + "Default 0.1.")
        @PositiveOrZero double weight) implements LossSpec {

    /** The config type name. */
    public static final String TYPE = "latent-l1";

    /** Default of {@link #weight()}. */
    public static final double DEFAULT_WEIGHT = 0.1;

    /**
     * Binds JSON and fills in the default for an omitted weight.
     *
     * @param weight the weight, or null for {@value #DEFAULT_WEIGHT}
     */
    @JsonCreator
    public LatentL1Spec(@JsonProperty("weight") Double weight) {
        this(weight == null ? DEFAULT_WEIGHT : weight.doubleValue());
    }
}
