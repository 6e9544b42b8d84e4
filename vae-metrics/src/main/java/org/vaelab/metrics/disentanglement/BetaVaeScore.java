package org.vaelab.metrics.disentanglement;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.vaelab.api.data.GroundTruthFactors;
import org.vaelab.api.metric.Metric;
import org.vaelab.api.metric.MetricInput;
import org.vaelab.metrics.internal.Classifiers;
import org.vaelab.metrics.internal.Factors;

/**
 * The BetaVAE score (Higgins et al., "beta-VAE: Learning Basic Visual Concepts with a Constrained Variational
 * Framework", ICLR 2017), as disentanglement_lib's {@code beta_vae.py}: each point picks a factor at random,
 * draws {@code batchSize} pairs of factor combinations that share that factor's value, and averages the absolute
 * difference of the pairs' posterior means; a linear classifier (Tribuo multinomial logistic regression) predicts
 * the factor from the point. Returns {@code train_accuracy} and {@code eval_accuracy} (chance: 1 / factors).
 */
public final class BetaVaeScore implements Metric {

    /** Points rendered and encoded together. */
    private static final int CHUNK = 16;

    private final BetaVaeScoreSpec spec;

    /** @param spec the config */
    public BetaVaeScore(BetaVaeScoreSpec spec) {
        this.spec = spec;
    }

    @Override
    public void checkData(org.vaelab.api.data.Dataset data, java.util.Optional<GroundTruthFactors> groundTruth) {
        Factors.require(groundTruth, BetaVaeScoreSpec.TYPE);            // before training, not after its last epoch
    }

    @Override
    public Map<String, Double> compute(MetricInput input) {
        GroundTruthFactors truth = Factors.require(input, BetaVaeScoreSpec.TYPE);
        SplittableRandom rng = new SplittableRandom(input.seed());
        int[] yTrain = new int[spec.numTrain()];
        double[][] xTrain = points(input, truth, rng, yTrain);
        int[] yEval = new int[spec.numEval()];
        double[][] xEval = points(input, truth, rng, yEval);
        double[][] sTrain = Classifiers.standardize(xTrain, xTrain);
        double[][] sEval = Classifiers.standardize(xTrain, xEval);
        Model<Label> model = Classifiers.logisticRegression(spec.epochs(), rng.nextLong())
                .train(Classifiers.dataset(sTrain, yTrain, BetaVaeScoreSpec.TYPE));
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("train_accuracy", Classifiers.accuracy(model, sTrain, yTrain));
        result.put("eval_accuracy", Classifiers.accuracy(model, sEval, yEval));
        return result;
    }

    /** Fills {@code labels} with the fixed factors and returns the points. */
    private double[][] points(MetricInput input, GroundTruthFactors truth, SplittableRandom rng, int[] labels) {
        int k = truth.sizes().length;
        int b = spec.batchSize();
        double[][] points = new double[labels.length][];
        for (int start = 0; start < labels.length; start += CHUNK) {
            int count = Math.min(CHUNK, labels.length - start);
            int[][] first = new int[count * b][];
            int[][] second = new int[count * b][];
            for (int p = 0; p < count; p++) {
                int index = rng.nextInt(k);
                labels[start + p] = index;
                int[][] f1 = truth.sample(b, rng);
                int[][] f2 = truth.sample(b, rng);
                for (int r = 0; r < b; r++) {
                    f2[r][index] = f1[r][index];
                    first[p * b + r] = f1[r];
                    second[p * b + r] = f2[r];
                }
            }
            double[][] z1 = Factors.means(input, first, truth);
            double[][] z2 = Factors.means(input, second, truth);
            int d = z1[0].length;
            for (int p = 0; p < count; p++) {
                double[] point = new double[d];
                for (int r = 0; r < b; r++) {
                    for (int j = 0; j < d; j++) {
                        point[j] += Math.abs(z1[p * b + r][j] - z2[p * b + r][j]) / b;
                    }
                }
                points[start + p] = point;
            }
        }
        return points;
    }
}
