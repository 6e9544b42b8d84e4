package org.vaelab.api.ops;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Per-example likelihoods and divergences as SameDiff ops. Every method takes {@code [batch, d]}
 * inputs and returns {@code [batch]}, summed over the feature axis.
 */
public final class VaeOps {

    private static final double LOG_2PI = Math.log(2.0 * Math.PI);

    private VaeOps() {}

    /**
     * Bernoulli negative log-likelihood with logits, summed over pixels:
     * {@code sum(relu(l) - l*x + log1p(exp(-|l|)))}, the numerically stable form of
     * {@code -[x log sigmoid(l) + (1-x) log(1-sigmoid(l))]}. Targets may be any value in [0, 1].
     *
     * @param sd the graph
     * @param target x, {@code [batch, d]}
     * @param logits l, {@code [batch, d]}
     * @return {@code [batch]}
     */
    public static SDVariable bernoulliNll(SameDiff sd, SDVariable target, SDVariable logits) {
        return bernoulliNllPerPixel(sd, target, logits).sum(1);
    }

    /**
     * {@link #bernoulliNll} before the sum over pixels: for terms that weight pixels differently.
     *
     * @param sd the graph
     * @param target x, {@code [batch, d]}
     * @param logits l, {@code [batch, d]}
     * @return {@code [batch, d]}
     */
    public static SDVariable bernoulliNllPerPixel(SameDiff sd, SDVariable target, SDVariable logits) {
        SDVariable positivePart = sd.nn.relu(logits, 0.0);
        SDVariable softTail = sd.math.log1p(sd.math.exp(sd.math.neg(sd.math.abs(logits))));
        return positivePart.sub(logits.mul(target)).add(softTail);
    }

    /**
     * {@code log(1 + exp(x))} as {@code relu(x) + log1p(exp(-|x|))}, element-wise: finite with a finite gradient for
     * any x (ND4J M2.1's {@code softplus} gradient is NaN once {@code exp(x)} overflows).
     *
     * @param sd the graph
     * @param x values
     * @return the same shape
     */
    public static SDVariable softplus(SameDiff sd, SDVariable x) {
        return sd.nn.relu(x, 0.0).add(sd.math.log1p(sd.math.exp(sd.math.neg(sd.math.abs(x)))));
    }

    /**
     * Gaussian negative log-likelihood with fixed standard deviation, summed over pixels:
     * {@code sum((x-mu)^2 / (2 sigma^2)) + d * (log sigma + log(2 pi)/2)}.
     *
     * @param sd the graph
     * @param target x, {@code [batch, d]}
     * @param mean mu, {@code [batch, d]}
     * @param sigma the fixed standard deviation, positive
     * @param d the number of features (for the constant)
     * @return {@code [batch]}
     */
    public static SDVariable gaussianNll(SameDiff sd, SDVariable target, SDVariable mean, double sigma, long d) {
        double constant = d * (Math.log(sigma) + 0.5 * LOG_2PI);
        return sd.math.square(target.sub(mean)).sum(1).mul(1.0 / (2.0 * sigma * sigma)).add(constant);
    }

    /**
     * {@link #gaussianNll} before the sum over pixels:
     * {@code (x-mu)^2 / (2 sigma^2) + log sigma + log(2 pi)/2} per pixel.
     *
     * @param sd the graph
     * @param target x, {@code [batch, d]}
     * @param mean mu, {@code [batch, d]}
     * @param sigma the fixed standard deviation, positive
     * @return {@code [batch, d]}
     */
    public static SDVariable gaussianNllPerPixel(SameDiff sd, SDVariable target, SDVariable mean, double sigma) {
        return sd.math.square(target.sub(mean)).mul(1.0 / (2.0 * sigma * sigma)).add(Math.log(sigma) + 0.5 * LOG_2PI);
    }

    /**
     * Closed-form KL(N(mean, diag(exp(logVar))) || N(0, I)) = {@code -1/2 sum(1 + logVar - mean^2 - exp(logVar))}.
     *
     * @param sd the graph
     * @param mean posterior means, {@code [batch, k]}
     * @param logVar posterior log-variances, {@code [batch, k]}
     * @return {@code [batch]}
     */
    public static SDVariable klToStandardNormal(SameDiff sd, SDVariable mean, SDVariable logVar) {
        SDVariable inner = logVar.add(1.0).sub(sd.math.square(mean)).sub(sd.math.exp(logVar));
        return inner.sum(1).mul(-0.5);
    }

    /**
     * Log-density of a diagonal Gaussian: {@code -1/2 sum(log 2pi + logVar + (z-mean)^2 / exp(logVar))}.
     *
     * @param sd the graph
     * @param z points, {@code [batch, k]}
     * @param mean means, {@code [batch, k]}
     * @param logVar log-variances, {@code [batch, k]}
     * @return {@code [batch]}
     */
    public static SDVariable diagGaussianLogProb(SameDiff sd, SDVariable z, SDVariable mean, SDVariable logVar) {
        SDVariable scaled = sd.math.square(z.sub(mean)).mul(sd.math.exp(sd.math.neg(logVar)));
        return scaled.add(logVar).add(LOG_2PI).sum(1).mul(-0.5);
    }

    /**
     * Log-density of the standard normal: {@code -1/2 sum(log 2pi + z^2)}.
     *
     * @param sd the graph
     * @param z points, {@code [batch, k]}
     * @return {@code [batch]}
     */
    public static SDVariable standardNormalLogProb(SameDiff sd, SDVariable z) {
        return sd.math.square(z).add(LOG_2PI).sum(1).mul(-0.5);
    }

    /**
     * {@code log sum_i exp(x_i)} along one dimension, stably: {@code m + log sum exp(x - m)} with m the maximum.
     * Use it instead of {@code sd.math.logSumExp}: in ND4J 1.0.0-M2.1 that op's gradient loses its
     * dimension ({@code reduce_sum_bp} fails with "bad input shape").
     *
     * @param sd the graph
     * @param x values
     * @param dimension the dimension to reduce
     * @return x with {@code dimension} removed
     */
    public static SDVariable logSumExp(SameDiff sd, SDVariable x, int dimension) {
        SDVariable max = x.max(true, dimension);
        return sd.math.log(sd.math.exp(x.sub(max)).sum(dimension)).add(sd.squeeze(max, dimension));
    }

    /**
     * The value of {@code x} with no gradient flowing back through it (the straight-through estimator's and
     * VQ-VAE's sg[.]).
     *
     * @param sd the graph
     * @param x a variable
     * @return the same values, a constant for differentiation
     */
    public static SDVariable stopGradient(SameDiff sd, SDVariable x) {
        return new org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient(sd, x).outputVariable();
    }
}
