package org.vaelab.metrics.disentanglement;

import java.util.Arrays;
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
 * The separated attribute predictability score (Kumar, Sattigeri and Balakrishnan, "Variational Inference of
 * Disentangled Latent Concepts from Unlabeled Observations", ICLR 2018), as disentanglement_lib's
 * {@code sap_score.py} for discrete factors: for each latent dimension and factor, a linear SVM (Tribuo, hinge
 * loss) predicts the factor from that one dimension; the score matrix holds the test accuracies, and the score
 * is the gap between each factor's two best dimensions, averaged over factors. Returns {@code ""} in [0, 1]
 * (chance: about 0).
 */
public final class Sap implements Metric {

    private final SapSpec spec;

    /** @param spec the config */
    public Sap(SapSpec spec) {
        this.spec = spec;
    }

    @Override
    public void checkData(org.vaelab.api.data.Dataset data, java.util.Optional<GroundTruthFactors> groundTruth) {
        Factors.require(groundTruth, SapSpec.TYPE);            // before training, not after its last epoch
    }

    @Override
    public Map<String, Double> compute(MetricInput input) {
        GroundTruthFactors truth = Factors.require(input, SapSpec.TYPE);
        SplittableRandom rng = new SplittableRandom(input.seed());
        Factors.Codes train = Factors.sample(input, truth, spec.numTrain(), rng);
        Factors.Codes test = Factors.sample(input, truth, spec.numTest(), rng);
        int d = train.means()[0].length;
        int k = truth.sizes().length;
        double[][] scores = new double[d][k];
        for (int i = 0; i < d; i++) {
            double[][] xTrain = column(train.means(), i);
            double[][] xTest = column(test.means(), i);
            double[][] sTrain = Classifiers.standardize(xTrain, xTrain);
            double[][] sTest = Classifiers.standardize(xTrain, xTest);
            for (int j = 0; j < k; j++) {
                int[] yTrain = Factors.column(train.factors(), j);
                Model<Label> model = Classifiers.linearSvm(spec.epochs(), rng.nextLong())
                        .train(Classifiers.dataset(sTrain, yTrain, SapSpec.TYPE));
                scores[i][j] = Classifiers.accuracy(model, sTest, Factors.column(test.factors(), j));
            }
        }
        return Map.of("", averageTopTwoGap(scores));
    }

    /**
     * @param scores {@code [codes][factors]}
     * @return the mean over factors of the gap between the two highest scores (the highest alone with one code)
     */
    public static double averageTopTwoGap(double[][] scores) {
        int d = scores.length;
        int k = scores[0].length;
        double sum = 0.0;
        for (int j = 0; j < k; j++) {
            double[] s = new double[d];
            for (int i = 0; i < d; i++) {
                s[i] = scores[i][j];
            }
            Arrays.sort(s);
            sum += s[d - 1] - (d > 1 ? s[d - 2] : 0.0);
        }
        return sum / k;
    }

    private static double[][] column(double[][] x, int i) {
        double[][] out = new double[x.length][1];
        for (int r = 0; r < x.length; r++) {
            out[r][0] = x[r][i];
        }
        return out;
    }
}
