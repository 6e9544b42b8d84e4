package org.vaelab.metrics.internal;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.UserInputException;
import org.vaelab.api.data.GroundTruthFactors;
import org.vaelab.api.metric.MetricInput;

/** Drawing factors, rendering and encoding them: disentanglement_lib's {@code generate_batch_factor_code}. */
public final class Factors {

    private Factors() {}

    /**
     * @param input the metric's input
     * @param metric the metric's config type, for the message
     * @return the ground-truth factors
     * @throws UserInputException when the data have none
     */
    public static GroundTruthFactors require(MetricInput input, String metric) {
        return require(input.groundTruth(), metric);
    }

    /**
     * @param groundTruth the data's factor generator, if any
     * @param metric the metric's config type, for the message
     * @return the ground-truth factors
     * @throws UserInputException when the data have none
     */
    public static GroundTruthFactors require(java.util.Optional<GroundTruthFactors> groundTruth, String metric) {
        return groundTruth.orElseThrow(() -> new UserInputException("metric '" + metric
                + "' needs data with ground-truth factors that can render any factor combination (such as dSprites);"
                + " the run's data have none: remove '" + metric + "' from evaluation.metrics or use such data"));
    }

    /** Factors and the posterior means of their rendered images. */
    public record Codes(int[][] factors, double[][] means) {}

    /**
     * Samples {@code n} factor combinations, renders and encodes them.
     *
     * @param input the metric's input
     * @param truth the ground-truth factors
     * @param n how many
     * @param rng the randomness
     * @return the factors {@code [n][k]} and the posterior means {@code [n][latentDim]}
     */
    public static Codes sample(MetricInput input, GroundTruthFactors truth, int n, SplittableRandom rng) {
        int[][] factors = truth.sample(n, rng);
        return new Codes(factors, means(input, factors, truth));
    }

    /**
     * @param input the metric's input
     * @param factors value indices {@code [n][k]}
     * @param truth the ground-truth factors that render them
     * @return the posterior means of their images {@code [n][latentDim]}
     */
    public static double[][] means(MetricInput input, int[][] factors, GroundTruthFactors truth) {
        return means(input, truth.render(factors));
    }

    /**
     * @param input the metric's input
     * @param images {@code [n, C*H*W]}
     * @return the posterior means {@code [n][latentDim]}, checked finite
     */
    public static double[][] means(MetricInput input, INDArray images) {
        double[][] means = input.encode(images).mean().toDoubleMatrix();
        for (double[] row : means) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new IllegalStateException("the model's posterior mean has a non-finite value (" + v + ")");
                }
            }
        }
        return means;
    }

    /**
     * @param factors value indices {@code [n][k]}
     * @param j a factor
     * @return column {@code j}
     */
    public static int[] column(int[][] factors, int j) {
        int[] c = new int[factors.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = factors[i][j];
        }
        return c;
    }
}
