package org.vaelab.metrics.disentanglement;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.vaelab.api.data.GroundTruthFactors;
import org.vaelab.api.metric.Metric;
import org.vaelab.api.metric.MetricInput;
import org.vaelab.metrics.internal.Factors;
import org.vaelab.metrics.internal.Stats;

/**
 * The FactorVAE score (Kim and Mnih, "Disentangling by Factorising", ICML 2018), as disentanglement_lib's
 * {@code factor_vae.py}: each vote fixes one random factor's value over a batch, and the active latent dimension
 * with the smallest variance normalised by its global variance votes for that factor; the majority-vote
 * classifier maps each dimension to the factor it got most votes for. Returns {@code train_accuracy},
 * {@code eval_accuracy} (chance: about 1 / factors) and {@code num_active_dims}.
 */
public final class FactorVaeScore implements Metric {

    private final FactorVaeScoreSpec spec;

    /** @param spec the config */
    public FactorVaeScore(FactorVaeScoreSpec spec) {
        this.spec = spec;
    }

    @Override
    public void checkData(org.vaelab.api.data.Dataset data, java.util.Optional<GroundTruthFactors> groundTruth) {
        Factors.require(groundTruth, FactorVaeScoreSpec.TYPE);            // before training, not after its last epoch
    }

    @Override
    public Map<String, Double> compute(MetricInput input) {
        GroundTruthFactors truth = Factors.require(input, FactorVaeScoreSpec.TYPE);
        SplittableRandom rng = new SplittableRandom(input.seed());
        double[] global = Stats.columnVariance(
                Factors.sample(input, truth, spec.numVarianceEstimate(), rng).means(), 1);
        boolean[] active = new boolean[global.length];
        int numActive = 0;
        for (int j = 0; j < global.length; j++) {
            // disentanglement_lib keeps sqrt(var) >= threshold; a zero variance would divide by zero, so it goes too
            active[j] = global[j] > 0.0 && Math.sqrt(global[j]) >= spec.pruneThreshold();
            numActive += active[j] ? 1 : 0;
        }
        Map<String, Double> result = new LinkedHashMap<>();
        if (numActive == 0) {
            result.put("train_accuracy", 0.0);
            result.put("eval_accuracy", 0.0);
            result.put("num_active_dims", 0.0);
            return result;
        }
        int k = truth.sizes().length;
        long[][] trainVotes = votes(input, truth, rng, spec.numTrain(), global, active, k);
        long[][] evalVotes = votes(input, truth, rng, spec.numEval(), global, active, k);
        int[] classifier = new int[global.length];
        for (int j = 0; j < global.length; j++) {
            int best = 0;
            for (int f = 1; f < k; f++) {
                if (trainVotes[f][j] > trainVotes[best][j]) {
                    best = f;
                }
            }
            classifier[j] = best;
        }
        result.put("train_accuracy", accuracy(trainVotes, classifier));
        result.put("eval_accuracy", accuracy(evalVotes, classifier));
        result.put("num_active_dims", (double) numActive);
        return result;
    }

    private long[][] votes(MetricInput input, GroundTruthFactors truth, SplittableRandom rng, int n, double[] global,
            boolean[] active, int k) {
        long[][] votes = new long[k][global.length];
        int b = spec.batchSize();
        int chunk = Math.max(1, 1024 / b);
        for (int start = 0; start < n; start += chunk) {
            int count = Math.min(chunk, n - start);
            int[] fixed = new int[count];
            int[][] factors = new int[count * b][];
            for (int p = 0; p < count; p++) {
                fixed[p] = rng.nextInt(k);
                int[][] batch = truth.sample(b, rng);
                for (int r = 0; r < b; r++) {
                    batch[r][fixed[p]] = batch[0][fixed[p]];
                    factors[p * b + r] = batch[r];
                }
            }
            double[][] means = Factors.means(input, factors, truth);
            for (int p = 0; p < count; p++) {
                double[][] batch = java.util.Arrays.copyOfRange(means, p * b, (p + 1) * b);
                double[] local = Stats.columnVariance(batch, 1);
                int argmin = -1;
                for (int j = 0; j < global.length; j++) {
                    if (active[j] && (argmin < 0 || local[j] / global[j] < local[argmin] / global[argmin])) {
                        argmin = j;
                    }
                }
                votes[fixed[p]][argmin]++;
            }
        }
        return votes;
    }

    private static double accuracy(long[][] votes, int[] classifier) {
        long right = 0;
        long total = 0;
        for (int j = 0; j < classifier.length; j++) {
            for (long[] row : votes) {
                total += row[j];
            }
            right += votes[classifier[j]][j];
        }
        return total == 0 ? 0.0 : (double) right / total;
    }
}
