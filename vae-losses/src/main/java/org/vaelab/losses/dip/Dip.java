package org.vaelab.losses.dip;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.UserInputException;
import org.vaelab.api.loss.ForwardPass;
import org.vaelab.api.loss.LossSpec;
import org.vaelab.api.loss.LossTerm;
import org.vaelab.api.model.GraphContext;
import org.vaelab.losses.BatchLevel;

/**
 * The DIP-VAE regulariser (A. Kumar, P. Sattigeri and A. Balakrishnan, <i>Variational Inference of Disentangled
 * Latent Concepts from Unlabeled Observations</i>, ICLR 2018, eqs. 6 and 7): it pushes the covariance of the
 * aggregate posterior towards the identity,
 * <pre>
 *   lambda_od * sum_{i != j} Cov_ij^2 + lambda_d * sum_i (Cov_ii - 1)^2
 * </pre>
 * with, over the batch, {@code Cov = Cov[mean(x)]} for DIP-VAE-I and {@code Cov = Cov[mean(x)] + E[diag(exp(logVar))]}
 * (the covariance of q(z)) for DIP-VAE-II; the covariance is the biased one (divided by M), as in
 * disentanglement_lib. A batch-level value (the same for every example). Use it beside the reconstruction and a
 * beta-kl. The paper's defaults: DIP-VAE-I lambda_od = 10, lambda_d = 10 lambda_od; DIP-VAE-II lambda_d = lambda_od.
 *
 * @param spec the validated spec
 */
public record Dip(Spec spec) implements LossTerm {

    /** Which covariance is penalised. */
    public enum Variant {
        /** DIP-VAE-I: the covariance of the posterior means. */
        @JsonProperty("i")
        I,
        /** DIP-VAE-II: the covariance of the aggregate posterior q(z). */
        @JsonProperty("ii")
        II;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Config of {@link Dip}: {@code {"type": "dip", "variant": "i", "lambdaOd": 10}}.
     *
     * @param weight multiplier of this term; default 1
     * @param variant i or ii; default i
     * @param lambdaOd weight of the off-diagonal entries; default 10
     * @param lambdaD weight of the diagonal entries; unset: 10 lambdaOd for i, lambdaOd for ii
     */
    public record Spec(
            @JsonPropertyDescription("Multiplier of this term in the training objective (loss/total). Default 1.0.")
            @PositiveOrZero double weight,
            @JsonPropertyDescription("i (DIP-VAE-I: covariance of the posterior means) or ii (DIP-VAE-II: covariance"
                    + " of q(z), means' covariance plus the mean posterior variance). Default i.")
            @NotNull Variant variant,
            @JsonPropertyDescription("lambda_od: weight of the squared off-diagonal covariances. Default 10.")
            @PositiveOrZero double lambdaOd,
            @JsonPropertyDescription("lambda_d: weight of the squared distances of the variances from 1. Unset: 10 *"
                    + " lambdaOd for variant i, lambdaOd for variant ii (the paper's settings).")
            @PositiveOrZero Double lambdaD) implements LossSpec {

        /** The config type name. */
        public static final String TYPE = "dip";

        /** Fills in lambda_d's variant-dependent default. */
        public Spec {
            Objects.requireNonNull(variant, "variant");
            if (lambdaD == null) {
                lambdaD = variant == Variant.I ? 10 * lambdaOd : lambdaOd;
            }
        }

        /**
         * Binds JSON and fills in defaults.
         *
         * @param weight the weight or null
         * @param variant the variant or null
         * @param lambdaOd lambda_od or null
         * @param lambdaD lambda_d or null
         */
        @JsonCreator
        public Spec(@JsonProperty("weight") Double weight, @JsonProperty("variant") Variant variant,
                @JsonProperty("lambdaOd") Double lambdaOd, @JsonProperty("lambdaD") Double lambdaD) {
            this(weight == null ? 1.0 : weight, variant == null ? Variant.I : variant,
                    lambdaOd == null ? 10.0 : lambdaOd.doubleValue(), lambdaD);
        }
    }

    /** @param spec the validated spec */
    public Dip {
        Objects.requireNonNull(spec, "spec");
    }

    /** @return {@code "dip"} */
    @Override
    public String name() {
        return "dip";
    }

    @Override
    public SDVariable perExample(GraphContext g, ForwardPass fp) {
        if (spec.variant() == Variant.II && !fp.posterior().isDiagonalGaussian()) {
            throw new UserInputException("dip variant ii needs a diagonal Gaussian posterior (the encoder gives "
                    + fp.posterior().family() + "); use variant i");
        }
        SameDiff sd = g.sd();
        int d = g.latentDim();
        SDVariable mean = fp.posterior().mean();
        SDVariable ones = mean.sum(1).mul(0.0).add(1.0);                               // [M]
        SDVariable batch = ones.sum();
        SDVariable centered = mean.sub(mean.mean(true, 0));
        SDVariable cov = sd.mmul(centered, centered, true, false, false).div(batch);     // [d, d]
        SDVariable eye = sd.constant(Nd4j.eye(d).castTo(g.dataType()));
        SDVariable diagonal = cov.mul(eye).sum(1);                                        // [d]
        if (spec.variant() == Variant.II) {
            diagonal = diagonal.add(sd.math.exp(fp.posterior().logVar()).mean(0));
        }
        SDVariable offDiagonal = sd.math.square(cov.mul(eye.rsub(1.0))).sum();
        SDVariable penalty = offDiagonal.mul(spec.lambdaOd()).add(sd.math.square(diagonal.sub(1.0)).sum().mul(spec.lambdaD()));
        return BatchLevel.spread(penalty, ones);
    }
}
