package org.vaelab.losses.mmd;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vaelab.api.UserInputException;
import org.vaelab.api.loss.ForwardPass;
import org.vaelab.api.loss.LossSpec;
import org.vaelab.api.loss.LossTerm;
import org.vaelab.api.model.GraphContext;

/**
 * The maximum mean discrepancy between the batch's codes z and as many prior samples p
 * ({@link org.vaelab.api.model.Prior#sampleInGraph}), the divergence of InfoVAE (S. Zhao et al., <i>InfoVAE:
 * Balancing Learning and Inference in Variational Autoencoders</i>, AAAI 2019) and WAE-MMD (I. Tolstikhin et al.,
 * <i>Wasserstein Auto-Encoders</i>, ICLR 2018). Per example i, the i-th row of the biased (V-statistic) estimate,
 * <pre>
 *   mean_j [ k(z_i, z_j) + k(p_i, p_j) - 2 k(z_i, p_j) ]
 * </pre>
 * whose batch mean is MMD^2 (exactly 0 when the two samples coincide). Kernels, with c the {@code scale}:
 * {@code rbf} {@code exp(-|a - b|^2 / c)}; {@code imq} (inverse multiquadric, WAE's choice)
 * {@code c / (c + |a - b|^2)}. The default c = 2 * latentDim is WAE's {@code 2 d sigma^2} for the standard normal
 * prior. InfoVAE: this term with weight lambda beside the reconstruction and a beta-kl of weight 1 - alpha; WAE-MMD:
 * reconstruction and this term only.
 *
 * @param spec the validated spec
 */
public record Mmd(Spec spec) implements LossTerm {

    /** The kernel k(a, b). */
    public enum Kernel {
        /** Gaussian (radial basis function) kernel. */
        @JsonProperty("rbf")
        RBF,
        /** Inverse multiquadric kernel. */
        @JsonProperty("imq")
        IMQ;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Config of {@link Mmd}: {@code {"type": "mmd", "kernel": "imq", "weight": 10}}.
     *
     * @param weight multiplier of this term (InfoVAE's lambda, WAE's lambda); default 1
     * @param kernel rbf or imq; default rbf
     * @param scale c, the kernel's bandwidth; null for 2 * latentDim
     */
    public record Spec(
            @JsonPropertyDescription("Multiplier of this term in the training objective (loss/total): InfoVAE's and"
                    + " WAE's lambda. Default 1.0.")
            @PositiveOrZero double weight,
            @JsonPropertyDescription("The kernel: rbf (exp(-|a-b|^2/c)) or imq (c/(c+|a-b|^2)). Default rbf.")
            @NotNull Kernel kernel,
            @JsonPropertyDescription("c, the kernel's bandwidth. Unset: 2 * latentDim.")
            @Positive Double scale) implements LossSpec {

        /** The config type name. */
        public static final String TYPE = "mmd";

        /**
         * Binds JSON and fills in defaults.
         *
         * @param weight the weight or null
         * @param kernel the kernel or null
         * @param scale c or null
         */
        @JsonCreator
        public Spec(@JsonProperty("weight") Double weight, @JsonProperty("kernel") Kernel kernel,
                @JsonProperty("scale") Double scale) {
            this(weight == null ? 1.0 : weight, kernel == null ? Kernel.RBF : kernel, scale);
        }
    }

    /** @param spec the validated spec */
    public Mmd {
        Objects.requireNonNull(spec, "spec");
    }

    /** @return {@code "mmd"} */
    @Override
    public String name() {
        return "mmd";
    }

    @Override
    public SDVariable perExample(GraphContext g, ForwardPass fp) {
        SDVariable prior = fp.prior().sampleInGraph(g).orElseThrow(() -> new UserInputException(
                "mmd compares the codes with prior samples drawn inside the graph, which this prior cannot draw "
                        + "(model.prior: use standard-normal, gaussian-mixture or vamp)"));
        return perExample(g, fp.z(), prior);
    }

    /**
     * @param g the graph context
     * @param z codes, {@code [n, d]}
     * @param prior prior samples, {@code [n, d]}
     * @return each row's share of the biased MMD^2 estimate, {@code [n]}
     */
    public SDVariable perExample(GraphContext g, SDVariable z, SDVariable prior) {
        double c = spec.scale() == null ? 2.0 * g.latentDim() : spec.scale();
        return kernel(g.sd(), z, z, c).add(kernel(g.sd(), prior, prior, c)).sub(kernel(g.sd(), z, prior, c).mul(2.0))
                .mean(1);
    }

    private SDVariable kernel(SameDiff sd, SDVariable a, SDVariable b, double c) {
        SDVariable aa = sd.math.square(a).sum(true, 1);                              // [n, 1]
        SDVariable bb = sd.math.square(b).sum(true, 1).reshape(1, -1);               // [1, n]
        SDVariable distances = aa.add(bb).sub(sd.mmul(a, b, false, true, false).mul(2.0));
        return switch (spec.kernel()) {
            case RBF -> sd.math.exp(distances.mul(-1.0 / c));
            case IMQ -> sd.math.reciprocal(distances.mul(1.0 / c).add(1.0));
        };
    }
}
