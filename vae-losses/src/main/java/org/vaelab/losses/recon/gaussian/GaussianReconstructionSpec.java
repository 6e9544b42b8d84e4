package org.vaelab.losses.recon.gaussian;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.vaelab.api.loss.LossSpec;

/**
 * Config of {@link GaussianReconstruction}:
 * {@code {"type": "gaussian-reconstruction", "weight": 1.0, "sigma": 1.0}}.
 *
 * <p>The components are primitive because {@link LossSpec#weight()} returns {@code double}, which a
 * {@code Double} record component cannot implement. Omitted or null JSON keys take their defaults through
 * the {@link JsonCreator} constructor, which also serves Java callers that pass {@code null}.
 *
 * @param weight multiplier of this term in the objective; default {@value #DEFAULT_WEIGHT}
 * @param sigma the fixed standard deviation of p(x|z) per pixel; default {@value #DEFAULT_SIGMA}
 */
public record GaussianReconstructionSpec(
        @JsonPropertyDescription("Multiplier of this term in the training objective (loss/total). Default 1.0.")
        @PositiveOrZero double weight,
        @JsonPropertyDescription("Fixed standard deviation of the Gaussian p(x|z) of each pixel, in data units."
                + " Smaller values weigh reconstruction more against the KL. Default 1.0.")
        @Positive double sigma) implements LossSpec {

    /** The config type name. */
    public static final String TYPE = "gaussian-reconstruction";

    /** Default of {@link #weight()}. */
    public static final double DEFAULT_WEIGHT = 1.0;

    /** Default of {@link #sigma()}. */
    public static final double DEFAULT_SIGMA = 1.0;

    /**
     * Binds JSON and fills in defaults for omitted (null) values.
     *
     * @param weight multiplier of this term, or null for {@value #DEFAULT_WEIGHT}
     * @param sigma the fixed standard deviation, or null for {@value #DEFAULT_SIGMA}
     */
    @JsonCreator
    public GaussianReconstructionSpec(@JsonProperty("weight") Double weight, @JsonProperty("sigma") Double sigma) {
        this(weight == null ? DEFAULT_WEIGHT : weight.doubleValue(),
                sigma == null ? DEFAULT_SIGMA : sigma.doubleValue());
    }

    /** @return the spec with every field at its default */
    public static GaussianReconstructionSpec defaults() {
        return new GaussianReconstructionSpec((Double) null, (Double) null);
    }
}
