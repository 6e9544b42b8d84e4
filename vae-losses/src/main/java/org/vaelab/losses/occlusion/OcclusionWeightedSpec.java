package org.vaelab.losses.occlusion;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.vaelab.api.loss.LossSpec;
import org.vaelab.losses.recon.PixelLikelihood;

/**
 * Config of {@link OcclusionWeightedReconstruction}: {@code {"type": "occlusion-weighted-reconstruction",
 * "weight": 1.0, "likelihood": "bernoulli", "sigma": 1.0, "lambdaHidden": 1.0, "lambdaVisible": 1.0}}.
 *
 * <p>The numeric components are primitive because {@link LossSpec#weight()} returns {@code double}, which a
 * {@code Double} record component cannot implement. Omitted or null JSON keys take their defaults through
 * the {@link JsonCreator} constructor, which also serves Java callers that pass {@code null}; a null
 * {@code likelihood} becomes {@value #DEFAULT_LIKELIHOOD_NAME} in either constructor.
 *
 * @param weight multiplier of this term in the objective; default {@value #DEFAULT_WEIGHT}
 * @param likelihood the per-pixel likelihood p(x|z); default {@value #DEFAULT_LIKELIHOOD_NAME}
 * @param sigma the fixed standard deviation of the Gaussian likelihood, unused by the Bernoulli one;
 *     default {@value #DEFAULT_SIGMA}
 * @param lambdaHidden weight of the pixels the corruption hid (mask 1); default {@value #DEFAULT_LAMBDA_HIDDEN}
 * @param lambdaVisible weight of the pixels it left visible (mask 0); default {@value #DEFAULT_LAMBDA_VISIBLE}
 */
public record OcclusionWeightedSpec(
        @JsonPropertyDescription("Multiplier of this term in the training objective (loss/total). Default 1.0.")
        @PositiveOrZero double weight,
        @JsonPropertyDescription("Likelihood of each clean pixel given the decoder output: bernoulli (the decoder"
                + " outputs logits) or gaussian (the decoder outputs means, with fixed sigma). Default bernoulli.")
        PixelLikelihood likelihood,
        @JsonPropertyDescription("Fixed standard deviation of the gaussian likelihood of each pixel, in data units;"
                + " unused by bernoulli. Default 1.0.")
        @Positive double sigma,
        @JsonPropertyDescription("Weight of the negative log-likelihood of the pixels the corruption hid"
                + " (mask 1). Default 1.0.")
        @PositiveOrZero double lambdaHidden,
        @JsonPropertyDescription("Weight of the negative log-likelihood of the pixels the corruption left visible"
                + " (mask 0); 0 trains on the hidden pixels only. Default 1.0.")
        @PositiveOrZero double lambdaVisible) implements LossSpec {

    /** The config type name. */
    public static final String TYPE = "occlusion-weighted-reconstruction";

    /** Default of {@link #weight()}. */
    public static final double DEFAULT_WEIGHT = 1.0;

    /** Default of {@link #likelihood()}. */
    public static final PixelLikelihood DEFAULT_LIKELIHOOD = PixelLikelihood.BERNOULLI;

    /** JSON name of {@link #DEFAULT_LIKELIHOOD}. */
    public static final String DEFAULT_LIKELIHOOD_NAME = "bernoulli";

    /** Default of {@link #sigma()}. */
    public static final double DEFAULT_SIGMA = 1.0;

    /** Default of {@link #lambdaHidden()}. */
    public static final double DEFAULT_LAMBDA_HIDDEN = 1.0;

    /** Default of {@link #lambdaVisible()}. */
    public static final double DEFAULT_LAMBDA_VISIBLE = 1.0;

    /**
     * Replaces a null likelihood by {@link #DEFAULT_LIKELIHOOD}.
     *
     * @param weight multiplier of this term
     * @param likelihood the per-pixel likelihood, or null for {@value #DEFAULT_LIKELIHOOD_NAME}
     * @param sigma the Gaussian's fixed standard deviation
     * @param lambdaHidden weight of hidden pixels
     * @param lambdaVisible weight of visible pixels
     */
    public OcclusionWeightedSpec {
        likelihood = likelihood == null ? DEFAULT_LIKELIHOOD : likelihood;
    }

    /**
     * Binds JSON and fills in defaults for omitted (null) values.
     *
     * @param weight multiplier of this term, or null for {@value #DEFAULT_WEIGHT}
     * @param likelihood the per-pixel likelihood, or null for {@value #DEFAULT_LIKELIHOOD_NAME}
     * @param sigma the Gaussian's fixed standard deviation, or null for {@value #DEFAULT_SIGMA}
     * @param lambdaHidden weight of hidden pixels, or null for {@value #DEFAULT_LAMBDA_HIDDEN}
     * @param lambdaVisible weight of visible pixels, or null for {@value #DEFAULT_LAMBDA_VISIBLE}
     */
    @JsonCreator
    public OcclusionWeightedSpec(@JsonProperty("weight") Double weight,
            @JsonProperty("likelihood") PixelLikelihood likelihood, @JsonProperty("sigma") Double sigma,
            @JsonProperty("lambdaHidden") Double lambdaHidden, @JsonProperty("lambdaVisible") Double lambdaVisible) {
        this(weight == null ? DEFAULT_WEIGHT : weight.doubleValue(), likelihood,
                sigma == null ? DEFAULT_SIGMA : sigma.doubleValue(),
                lambdaHidden == null ? DEFAULT_LAMBDA_HIDDEN : lambdaHidden.doubleValue(),
                lambdaVisible == null ? DEFAULT_LAMBDA_VISIBLE : lambdaVisible.doubleValue());
    }

    /** @return the spec with every field at its default */
    public static OcclusionWeightedSpec defaults() {
        return new OcclusionWeightedSpec((Double) null, null, (Double) null, (Double) null, (Double) null);
    }
}
