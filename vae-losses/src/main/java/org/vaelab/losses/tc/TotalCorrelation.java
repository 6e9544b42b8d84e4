package org.vaelab.losses.tc;

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
import org.vaelab.api.ops.VaeOps;

/**
 * The total correlation {@code KL(q(z) || prod_k q(z_k))} of the aggregate posterior, estimated by minibatch-weighted
 * sampling (R. T. Q. Chen et al., <i>Isolating Sources of Disentanglement in Variational Autoencoders</i>, NeurIPS
 * 2018, section 4.1 and eq. S4): with the batch's M codes z_i, its posteriors q(.|x_j) and the data set size N,
 * <pre>
 *   log q(z_i)          ~ log sum_j q(z_i | x_j)               - log(N M)
 *   log prod_k q(z_ik)  ~ sum_k [ log sum_j q(z_ik | x_j)      - log(N M) ]
 *   TC_i = log q(z_i) - log prod_k q(z_ik)
 * </pre>
 * (the log-sums with {@link VaeOps#logSumExp}). beta-TCVAE's objective, reconstruction + KL + (beta - 1) TC with
 * alpha = gamma = 1, is this term beside {@code beta-kl} (beta 1): the term's coefficient is {@code beta - 1}; the
 * logged {@code loss/tc} is the raw estimate. The posterior must be the diagonal Gaussian, and the batch at least 2
 * examples. The estimator is biased: weighing every batch member 1/(NM), for a smooth aggregate posterior its value
 * is about the true TC plus (d - 1) log N, a constant that does not change the gradients (the logged value is
 * therefore not near 0 even for independent codes); and it overestimates for small batches (64 to 256 is usual).
 *
 * @param spec the validated spec
 */
public record TotalCorrelation(Spec spec) implements LossTerm {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /**
     * Config of {@link TotalCorrelation}: {@code {"type": "total-correlation", "beta": 6, "datasetSize": 737280}}.
     *
     * @param weight multiplier of this term; default 1
     * @param beta beta-TCVAE's beta: the TC is weighted by beta - 1 on top of the KL's own; default 6
     * @param datasetSize N, the number of training examples; required
     */
    public record Spec(
            @JsonPropertyDescription("Multiplier of this term in the training objective (loss/total). Default 1.0.")
            @PositiveOrZero double weight,
            @JsonPropertyDescription("beta of beta-TCVAE: the TC enters the objective with coefficient beta - 1, on top"
                    + " of the share a beta-kl (beta 1) beside it already gives it. At least 1. Default 6.")
            @jakarta.validation.constraints.DecimalMin("1.0") double beta,
            @JsonPropertyDescription("N: the number of training examples the batches are drawn from (the"
                    + " minibatch-weighted sampling estimator needs it). Required.")
            @NotNull @Positive Integer datasetSize) implements LossSpec {

        /** The config type name. */
        public static final String TYPE = "total-correlation";

        /**
         * Binds JSON and fills in defaults.
         *
         * @param weight the weight or null
         * @param beta beta or null
         * @param datasetSize N (required)
         */
        @JsonCreator
        public Spec(@JsonProperty("weight") Double weight, @JsonProperty("beta") Double beta,
                @JsonProperty("datasetSize") Integer datasetSize) {
            this(weight == null ? 1.0 : weight, beta == null ? 6.0 : beta, datasetSize);
        }
    }

    /** @param spec the validated spec */
    public TotalCorrelation {
        Objects.requireNonNull(spec, "spec");
    }

    /** @return {@code "tc"} */
    @Override
    public String name() {
        return "tc";
    }

    /** @return beta - 1 */
    @Override
    public double coefficient() {
        return spec.beta() - 1.0;
    }

    @Override
    public SDVariable perExample(GraphContext g, ForwardPass fp) {
        if (!fp.posterior().isDiagonalGaussian()) {
            throw new UserInputException("total-correlation needs a diagonal Gaussian posterior (the encoder gives "
                    + fp.posterior().family() + ")");
        }
        SameDiff sd = g.sd();
        int d = g.latentDim();
        SDVariable z = fp.z();
        SDVariable mean = fp.posterior().mean();
        SDVariable logVar = fp.posterior().logVar();
        // log q(z_ik | x_j) for every pair (i, j) and dimension k: [M, M, d]
        SDVariable diff = z.reshape(-1, 1, d).sub(mean.reshape(1, -1, d));
        SDVariable lv = logVar.reshape(1, -1, d);
        SDVariable logDensity = sd.math.square(diff).mul(sd.math.exp(lv.neg())).add(lv).add(LOG_2PI).mul(-0.5);
        SDVariable logQz = VaeOps.logSumExp(sd, logDensity.sum(2), 1);                  // [M]
        SDVariable logQzProduct = VaeOps.logSumExp(sd, logDensity, 1).sum(1);           // [M]
        // the log(N M) of each marginal minus that of the joint: (d - 1) log(N M), with M the batch size
        SDVariable batch = logQz.mul(0.0).add(1.0).sum();
        SDVariable logNm = sd.math.log(batch.mul((double) spec.datasetSize()));
        return logQz.sub(logQzProduct).add(logNm.mul(d - 1.0));
    }
}
