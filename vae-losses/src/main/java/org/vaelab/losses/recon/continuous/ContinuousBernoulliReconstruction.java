package org.vaelab.losses.recon.continuous;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.PositiveOrZero;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vaelab.api.loss.LossSpec;
import org.vaelab.api.loss.ReconstructionTerm;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.ops.VaeOps;

/**
 * The continuous Bernoulli likelihood (G. Loaiza-Ganem and J. P. Cunningham, <i>The continuous Bernoulli: fixing
 * a pervasive error in variational autoencoders</i>, NeurIPS 2019): the density on [0, 1]
 * {@code p(x|lambda) = C(lambda) lambda^x (1 - lambda)^(1-x)}, a proper density for the [0, 1]-valued pixels the
 * Bernoulli "likelihood" is usually (wrongly) applied to. The decoder gives logits l, {@code lambda = sigmoid(l)},
 * and
 * <pre>
 *   -log p(x|z) = sum_i [ BCE(x_i, l_i) - log C(l_i) ],   C = 2 atanh(1 - 2 lambda) / (1 - 2 lambda) = l / tanh(l / 2)
 * </pre>
 * (since {@code 1 - 2 lambda = -tanh(l/2)} and {@code atanh(1 - 2 lambda) = -l/2}). The logit form is well
 * conditioned except at l = 0 (lambda = 0.5), where it is 0/0; for |l| below {@value #TAYLOR_BELOW} the
 * normaliser uses its Taylor expansion {@code log C = log 2 + l^2/12 - 7 l^4/1440 + O(l^6)}, blended so that
 * neither branch ever sees 0/0 (see {@link #logNormaliser}). The mean of p(x|z), for pictures, is
 * {@code lambda / (2 lambda - 1) + 1 / (2 atanh(1 - 2 lambda)) = 1/2 + l/12 - l^3/720 + ...}.
 *
 * @param spec the validated spec
 */
public record ContinuousBernoulliReconstruction(Spec spec) implements ReconstructionTerm {

    /** Below this |logit| the Taylor expansions are used (their error there is below 1e-11). */
    public static final double TAYLOR_BELOW = 0.05;

    /**
     * Config of {@link ContinuousBernoulliReconstruction}: {@code {"type": "continuous-bernoulli-reconstruction"}}.
     *
     * @param weight multiplier of this term; default 1
     */
    public record Spec(
            @JsonPropertyDescription("Multiplier of this term in the training objective (loss/total). Default 1.0.")
            @PositiveOrZero double weight) implements LossSpec {

        /** The config type name. */
        public static final String TYPE = "continuous-bernoulli-reconstruction";

        /**
         * Binds JSON and fills in defaults.
         *
         * @param weight the weight or null
         */
        @JsonCreator
        public Spec(@JsonProperty("weight") Double weight) {
            this(weight == null ? 1.0 : weight);
        }
    }

    /** @return {@code "recon"} */
    @Override
    public String name() {
        return "recon";
    }

    @Override
    public SDVariable negLogLikelihood(GraphContext g, SDVariable target, SDVariable decoderOutput) {
        return VaeOps.bernoulliNllPerPixel(g.sd(), target, decoderOutput).sub(logNormaliser(g.sd(), decoderOutput)).sum(1);
    }

    /**
     * log C per pixel, from the logits. An even function f(l) is evaluated as
     * {@code f_exact(max(|l|, t)) + T(min(|l|, t)) - T(t)} with T its Taylor polynomial: for |l| &ge; t this is
     * the exact value, for |l| &lt; t the Taylor value (up to {@code f_exact(t) - T(t)}, of order t^6), and the
     * exact form never sees |l| &lt; t, so neither the value nor its gradient is ever 0/0.
     *
     * @param sd the graph
     * @param logits l, any shape
     * @return log C(sigmoid(l)), same shape
     */
    public static SDVariable logNormaliser(SameDiff sd, SDVariable logits) {
        SDVariable abs = sd.math.abs(logits);
        SDVariable big = sd.math.max(abs, sd.constant(scalar(logits, TAYLOR_BELOW)));
        SDVariable small = sd.math.min(abs, sd.constant(scalar(logits, TAYLOR_BELOW)));
        SDVariable exact = sd.math.log(big).sub(sd.math.log(sd.math.tanh(big.mul(0.5))));
        return exact.add(logNormaliserTaylorTail(sd, small)).sub(logNormaliserTaylorTail(TAYLOR_BELOW));
    }

    private static SDVariable logNormaliserTaylorTail(SameDiff sd, SDVariable l) {
        SDVariable l2 = sd.math.square(l);
        return l2.mul(1.0 / 12).sub(sd.math.square(l2).mul(7.0 / 1440));
    }

    private static double logNormaliserTaylorTail(double l) {
        return l * l / 12 - 7 * l * l * l * l / 1440;
    }

    /** @return the mean of the continuous Bernoulli, {@code 1/2 + l m(l)} with m even, blended as {@link #logNormaliser} */
    @Override
    public SDVariable mean(GraphContext g, SDVariable decoderOutput) {
        SameDiff sd = g.sd();
        SDVariable abs = sd.math.abs(decoderOutput);
        SDVariable big = sd.math.max(abs, sd.constant(scalar(decoderOutput, TAYLOR_BELOW)));
        SDVariable small = sd.math.min(abs, sd.constant(scalar(decoderOutput, TAYLOR_BELOW)));
        // m(a) = (1/tanh(a/2) - 2/a) / (2a) = 1/12 - a^2/720 + ...
        SDVariable exact = sd.math.reciprocal(sd.math.tanh(big.mul(0.5))).sub(sd.math.reciprocal(big).mul(2.0))
                .div(big.mul(2.0));
        double t = TAYLOR_BELOW;
        SDVariable m = exact.add(sd.math.square(small).mul(-1.0 / 720)).sub(-t * t / 720);
        return decoderOutput.mul(m).add(0.5);
    }

    private static org.nd4j.linalg.api.ndarray.INDArray scalar(SDVariable like, double value) {
        return org.nd4j.linalg.factory.Nd4j.scalar(like.dataType(), value);
    }
}
