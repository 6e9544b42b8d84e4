package org.vaelab.models.prior.mixture;

import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.model.Initializer;
import org.vaelab.api.ops.VaeOps;

/**
 * A mixture of K diagonal Gaussians {@code sum_k w_k N(z; mean_k, diag(exp(logVar_k)))} as graph variables: the
 * density the Gaussian-mixture prior and the VampPrior share.
 *
 * @param means component means, {@code [K, d]}
 * @param logVars component log-variances, {@code [K, d]}
 * @param logWeights log mixture weights, {@code [K]}, or null for uniform weights 1/K
 * @param components K
 */
public record DiagonalMixture(SDVariable means, SDVariable logVars, SDVariable logWeights, int components) {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /**
     * @param g the graph context
     * @param z points, {@code [n, d]}
     * @return log p(z), {@code [n]}
     */
    public SDVariable logProb(GraphContext g, SDVariable z) {
        SameDiff sd = g.sd();
        int d = g.latentDim();
        if (components == 1) {
            // SameDiff M2.1 cannot reduce over a dimension of size 1: one component is its Gaussian
            return VaeOps.diagGaussianLogProb(sd, z, means, logVars);
        }
        SDVariable diff = z.reshape(-1, 1, d).sub(means.reshape(1, components, d));        // [n, K, d]
        SDVariable logVar = logVars.reshape(1, components, d);
        SDVariable perComponent = sd.math.square(diff).mul(sd.math.exp(logVar.neg())).add(logVar).add(LOG_2PI)
                .sum(2).mul(-0.5);                                                            // [n, K]
        SDVariable weighted = logWeights == null ? perComponent.sub(Math.log(components))
                : perComponent.add(logWeights.reshape(1, components));
        return VaeOps.logSumExp(sd, weighted, 1);
    }

    /**
     * One draw per example inside the graph, from seeded noise: a component chosen by uniform noise against the
     * cumulative mixture weights (the choice is not differentiable, so no gradient reaches the weights through
     * it), then its Gaussian reparameterised, so the draw is differentiable in the components' means and
     * variances.
     *
     * @param g the graph context
     * @param name the noise inputs' name prefix
     * @return codes, {@code [batch, d]}
     */
    public SDVariable sampleInGraph(GraphContext g, String name) {
        SameDiff sd = g.sd();
        int d = g.latentDim();
        SDVariable eps = g.standardNormal(name, d);
        if (components == 1) {
            return means.add(sd.math.exp(logVars.mul(0.5)).mul(eps));
        }
        SDVariable u = g.uniform(name + "-component", 1);                                        // [b, 1]
        SDVariable oneHot = logWeights == null ? uniformChoice(g, u) : weightedChoice(g, u);       // [b, K]
        SDVariable mean = oneHot.mmul(means);
        SDVariable logVar = oneHot.mmul(logVars);
        return mean.add(sd.math.exp(logVar.mul(0.5)).mul(eps));
    }

    /** Component floor(K u), one-hot. */
    private SDVariable uniformChoice(GraphContext g, SDVariable u) {
        SameDiff sd = g.sd();
        SDVariable index = sd.math.floor(u.mul((double) components));                             // [b, 1]
        double[] ks = new double[components];
        for (int k = 0; k < components; k++) {
            ks[k] = k;
        }
        SDVariable all = sd.constant(Nd4j.create(ks, new long[] {1, components}, g.dataType()));
        // one-hot of the index without a comparison op: relu(1 - |index - k|) is 1 at k = index, else 0
        return sd.nn.relu(sd.math.abs(index.sub(all)).rsub(1.0), 0.0);
    }

    /**
     * The component k with {@code W_k <= u < W_(k+1)}, W_k the weights' sum before k, one-hot. Matrix products with
     * constant 0/1 matrices instead of cumsum and comparison ops: floor(u - W_k) + 1 is 1 where u has reached W_k
     * (u and W_k lie in [0, 1]), and the one-hot is that step minus the next one.
     */
    private SDVariable weightedChoice(GraphContext g, SDVariable u) {
        SameDiff sd = g.sd();
        int k = components;
        double[][] before = new double[k][k];
        double[][] difference = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                before[i][j] = 1;
            }
            difference[i][i] = 1;
            if (i > 0) {
                difference[i][i - 1] = -1;
            }
        }
        SDVariable weights = VaeOps.stopGradient(sd, sd.math.exp(logWeights)).reshape(1, k);
        SDVariable cumulative = weights.mmul(sd.constant(Nd4j.create(before).castTo(g.dataType())));   // [1, K]
        SDVariable reached = sd.math.floor(u.sub(cumulative)).add(1.0);                              // [b, K]
        return reached.mmul(sd.constant(Nd4j.create(difference).castTo(g.dataType())));
    }

    /**
     * Draws codes outside the graph from the trained parameters.
     *
     * @param g the graph context
     * @param n how many
     * @param rng the seeded random source
     * @return codes, {@code [n, d]}
     */
    public INDArray sample(GraphContext g, int n, SplittableRandom rng) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot draw a negative number of samples: " + n);
        }
        Map<String, INDArray> values = logWeights == null
                ? g.sd().output(Map.of(), means.name(), logVars.name())
                : g.sd().output(Map.of(), means.name(), logVars.name(), logWeights.name());
        INDArray mean = values.get(means.name());
        INDArray logVar = values.get(logVars.name());
        double[] cumulative = new double[components];
        double total = 0;
        for (int k = 0; k < components; k++) {
            total += logWeights == null ? 1.0 : Math.exp(values.get(logWeights.name()).getDouble(k));
            cumulative[k] = total;
        }
        int d = g.latentDim();
        Initializer normal = Initializer.normal(1.0);
        double[] codes = new double[n * d];
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble() * total;
            int c = 0;
            while (c < components - 1 && u >= cumulative[c]) {
                c++;
            }
            for (int j = 0; j < d; j++) {
                codes[i * d + j] = mean.getDouble(c, j) + Math.exp(logVar.getDouble(c, j) / 2) * normal.sample(rng);
            }
        }
        return Nd4j.create(codes, new long[] {n, d}, g.dataType());
    }
}
