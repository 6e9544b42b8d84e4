package org.vaelab.losses.recon.laplace;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.loss.LossSpec;
import org.vaelab.api.loss.ReconstructionTerm;
import org.vaelab.api.model.GraphContext;

/**
 * Laplace likelihood with fixed scale b: the decoder output {@code mu} is each pixel's location, and
 * <pre>
 *   -log p(x|z) = sum_i |x_i - mu_i| / b + D log(2 b)
 * </pre>
 * summed over the D pixels (an L1 reconstruction loss made a true negative log-likelihood, so negative ELBOs
 * compare across scales). The mean of p(x|z) is {@code mu}. Heavier tails than the Gaussian: less blur from
 * outlying pixels. Reference: the Laplace decoder of e.g. M. Rolinek et al., <i>Variational Autoencoders Pursue
 * PCA Directions (by Accident)</i>, CVPR 2019, and pythae's L1 reconstruction.
 *
 * @param spec the validated spec
 */
public record LaplaceReconstruction(Spec spec) implements ReconstructionTerm {

    /**
     * Config of {@link LaplaceReconstruction}: {@code {"type": "laplace-reconstruction", "scale": 0.1}}.
     *
     * @param weight multiplier of this term; default 1
     * @param scale b, the fixed scale of every pixel's Laplace; default 0.1
     */
    public record Spec(
            @JsonPropertyDescription("Multiplier of this term in the training objective (loss/total). Default 1.0.")
            @PositiveOrZero double weight,
            @JsonPropertyDescription("b: the fixed scale of each pixel's Laplace distribution, in data units (its"
                    + " standard deviation is b*sqrt(2)). Default 0.1.")
            @Positive double scale) implements LossSpec {

        /** The config type name. */
        public static final String TYPE = "laplace-reconstruction";

        /**
         * Binds JSON and fills in defaults.
         *
         * @param weight the weight or null
         * @param scale b or null
         */
        @JsonCreator
        public Spec(@JsonProperty("weight") Double weight, @JsonProperty("scale") Double scale) {
            this(weight == null ? 1.0 : weight, scale == null ? 0.1 : scale);
        }
    }

    /** @param spec the validated spec */
    public LaplaceReconstruction {
        Objects.requireNonNull(spec, "spec");
    }

    /** @return {@code "recon"} */
    @Override
    public String name() {
        return "recon";
    }

    @Override
    public SDVariable negLogLikelihood(GraphContext g, SDVariable target, SDVariable decoderOutput) {
        double b = spec.scale();
        return g.sd().math.abs(target.sub(decoderOutput)).sum(1).mul(1.0 / b).add(g.inputDim() * Math.log(2.0 * b));
    }

    /** @return {@code decoderOutput}, the location */
    @Override
    public SDVariable mean(GraphContext g, SDVariable decoderOutput) {
        return decoderOutput;
    }
}
