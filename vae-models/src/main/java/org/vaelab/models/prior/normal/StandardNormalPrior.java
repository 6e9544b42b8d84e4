package org.vaelab.models.prior.normal;

import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.model.Initializer;
import org.vaelab.api.model.Posterior;
import org.vaelab.api.model.Prior;
import org.vaelab.api.ops.VaeOps;

/**
 * The standard normal prior p(z) = N(0, I) of the variational autoencoder (D. P. Kingma and M. Welling,
 * "Auto-Encoding Variational Bayes", ICLR 2014, arXiv:1312.6114).
 *
 * <p>It has no parameters. {@link #logProb} is {@code -1/2 sum(log 2pi + z^2)}; {@link #analyticKl} is
 * the closed form {@code KL(N(mu, diag(exp(logVar))) || N(0, I)) = -1/2 sum(1 + logVar - mu^2 - exp(logVar))}
 * (the paper's appendix B); {@link #sample} draws independent standard normals from the given random
 * source.
 *
 * <table>
 *   <caption>Config ({@code "type": "standard-normal"})</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td colspan="3">No fields.</td></tr>
 * </table>
 */
public final class StandardNormalPrior implements Prior {

    private static final Initializer STANDARD_NORMAL = Initializer.normal(1.0);

    /** @param spec the config (it has no fields) */
    public StandardNormalPrior(StandardNormalPriorSpec spec) {
        Objects.requireNonNull(spec, "spec");
    }

    @Override
    public SDVariable logProb(GraphContext g, SDVariable z) {
        return VaeOps.standardNormalLogProb(g.sd(), z);
    }

    @Override
    public Optional<SDVariable> analyticKl(GraphContext g, Posterior q) {
        return Optional.of(VaeOps.klToStandardNormal(g.sd(), q.mean(), q.logVar()));
    }

    /** @return seeded standard normal codes, one per example, fed by the framework */
    @Override
    public Optional<SDVariable> sampleInGraph(GraphContext g) {
        return Optional.of(g.standardNormal("prior", g.latentDim()));
    }

    @Override
    public INDArray sample(GraphContext g, int n, SplittableRandom rng) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot draw a negative number of samples: " + n);
        }
        int k = g.latentDim();
        long count = (long) n * k;
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many samples: " + n + " x " + k);
        }
        double[] values = new double[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = STANDARD_NORMAL.sample(rng);
        }
        return Nd4j.create(values, new long[] {n, k}, g.dataType());
    }
}
