package org.example.vaelab.laplace;

import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.model.Prior;

/**
 * A factorised Laplace prior with location 0 and scale b:
 * {@code p(z) = prod_j (1 / 2b) exp(-|z_j| / b)}, so {@code log p(z) = -sum_j |z_j| / b - k log(2b)}.
 *
 * <p>It has no closed-form KL divergence from the encoder's Gaussian posterior, so it does not override
 * {@link Prior#analyticKl}: the {@code beta-kl} term then uses the single-sample Monte Carlo estimate
 * {@code log q(z|x) - log p(z)} at the reparameterised z, and evaluation does the same. The scale is fixed
 * (a Java constant folded into the graph), so the prior adds no trainable parameters.
 */
public final class LaplacePrior implements Prior {

    private final double scale;

    /** @param spec the validated config */
    public LaplacePrior(LaplacePriorSpec spec) {
        this.scale = spec.scale();
    }

    /** @return the scale b */
    public double scale() {
        return scale;
    }

    /** @return {@code -sum_j |z_j| / b - k log(2b)} per example, {@code [batch]} */
    @Override
    public SDVariable logProb(GraphContext g, SDVariable z) {
        double normaliser = g.latentDim() * Math.log(2.0 * scale);
        return g.sd().math.abs(z).sum(1).div(-scale).sub(normaliser);
    }

    /**
     * Draws each coordinate as a random sign times an exponential variable of mean b (the Laplace
     * distribution), using only {@code rng}, so samples are reproducible from the run seed.
     */
    @Override
    public INDArray sample(GraphContext g, int n, SplittableRandom rng) {
        int k = g.latentDim();
        double[] values = new double[n * k];
        for (int i = 0; i < values.length; i++) {
            double exponential = -Math.log1p(-rng.nextDouble());     // -log(1 - U), U in [0, 1): finite
            values[i] = (rng.nextBoolean() ? scale : -scale) * exponential;
        }
        return Nd4j.create(values, new long[] {n, k}, g.dataType());
    }
}
