package org.vaelab.metrics.disentanglement;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.vaelab.api.data.GroundTruthFactors;
import org.vaelab.api.metric.Metric;
import org.vaelab.api.metric.MetricInput;
import org.vaelab.metrics.internal.Factors;
import org.vaelab.metrics.internal.Stats;

/**
 * The mutual information gap (Chen et al., "Isolating Sources of Disentanglement in Variational Autoencoders",
 * NeurIPS 2018), as disentanglement_lib's {@code mig.py}: the posterior means of sampled factor combinations are
 * discretised into equal-width histogram bins; for each factor, the gap between the two largest mutual
 * informations with a latent dimension, over the factor's entropy, averaged over factors. Returns {@code ""}
 * in [0, 1] (chance: about 0).
 */
public final class Mig implements Metric {

    private final MigSpec spec;

    /** @param spec the config */
    public Mig(MigSpec spec) {
        this.spec = spec;
    }

    @Override
    public void checkData(org.vaelab.api.data.Dataset data, java.util.Optional<GroundTruthFactors> groundTruth) {
        Factors.require(groundTruth, MigSpec.TYPE);            // before training, not after its last epoch
    }

    @Override
    public Map<String, Double> compute(MetricInput input) {
        GroundTruthFactors truth = Factors.require(input, MigSpec.TYPE);
        Factors.Codes codes = Factors.sample(input, truth, spec.numTrain(), new SplittableRandom(input.seed()));
        return Map.of("", score(codes.means(), codes.factors(), spec.numBins()));
    }

    /**
     * @param means posterior means {@code [n][d]}
     * @param factors factor value indices {@code [n][k]}
     * @param numBins histogram bins per latent dimension
     * @return the mutual information gap; factors with zero entropy (one value) are left out of the average
     */
    public static double score(double[][] means, int[][] factors, int numBins) {
        double[][] mi = mutualInformation(means, factors, numBins);
        int k = factors[0].length;
        double sum = 0.0;
        int counted = 0;
        for (int j = 0; j < k; j++) {
            double h = Stats.entropy(Factors.column(factors, j));
            if (h <= 0.0) {
                continue;
            }
            double[] m = new double[mi.length];
            for (int i = 0; i < mi.length; i++) {
                m[i] = mi[i][j];
            }
            Arrays.sort(m);
            double second = m.length > 1 ? m[m.length - 2] : 0.0;
            sum += (m[m.length - 1] - second) / h;
            counted++;
        }
        return counted == 0 ? 0.0 : sum / counted;
    }

    /**
     * @param means posterior means {@code [n][d]}
     * @param factors factor value indices {@code [n][k]}
     * @param numBins histogram bins per latent dimension
     * @return the mutual information (nats) of each discretised latent dimension with each factor {@code [d][k]}
     */
    public static double[][] mutualInformation(double[][] means, int[][] factors, int numBins) {
        int[][] discrete = Stats.histogramDiscretize(means, numBins);
        int k = factors[0].length;
        double[][] mi = new double[discrete.length][k];
        for (int j = 0; j < k; j++) {
            int[] y = Factors.column(factors, j);
            for (int i = 0; i < discrete.length; i++) {
                mi[i][j] = Stats.mutualInformation(discrete[i], y);
            }
        }
        return mi;
    }
}
