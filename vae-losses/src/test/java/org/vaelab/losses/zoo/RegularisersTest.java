package org.vaelab.losses.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.UserInputException;
import org.vaelab.api.data.ImageShape;
import org.vaelab.api.loss.ForwardPass;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.model.Posterior;
import org.vaelab.api.model.SeededGraphContext;
import org.vaelab.losses.TinyGraph;
import org.vaelab.losses.dip.Dip;
import org.vaelab.losses.iwae.Iwae;
import org.vaelab.losses.mmd.Mmd;
import org.vaelab.losses.tc.TotalCorrelation;

/** mmd, iwae, total-correlation and dip against hand-computed and closed-form cases. */
class RegularisersTest {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    // ---------------------------------------------------------------- mmd

    private static double mmdOf(Mmd term, double[][] a, double[][] b) {
        SameDiff sd = SameDiff.create();
        GraphContext g = new SeededGraphContext(sd, DataType.DOUBLE, new ImageShape(1, 1, 1), a[0].length, 1);
        SDVariable va = sd.constant(Nd4j.create(a));
        SDVariable vb = sd.constant(Nd4j.create(b));
        SDVariable rows = term.perExample(g, va, vb);
        return sd.output(Map.of(), rows.name()).get(rows.name()).meanNumber().doubleValue();
    }

    private static double kernel(Mmd.Kernel kernel, double[] a, double[] b, double c) {
        double d2 = 0;
        for (int i = 0; i < a.length; i++) {
            d2 += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return kernel == Mmd.Kernel.RBF ? Math.exp(-d2 / c) : c / (c + d2);
    }

    @Test
    void mmdOfIdenticalSamplesIsZeroAndOtherwiseTheBiasedEstimate() {
        double[][] a = {{0.1, -0.3}, {1.2, 0.4}, {-0.7, 0.9}};
        double[][] b = {{0.5, 0.5}, {-1.0, 0.2}, {0.3, -1.1}};
        for (Mmd.Kernel kernel : Mmd.Kernel.values()) {
            Mmd term = new Mmd(new Mmd.Spec(1.0, kernel, null));
            assertThat(mmdOf(term, a, a)).as("%s", kernel).isCloseTo(0.0, within(1e-12));
            double c = 2 * 2;      // the default scale, 2 * latentDim
            double expected = 0;
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    expected += (kernel(kernel, a[i], a[j], c) + kernel(kernel, b[i], b[j], c)
                            - 2 * kernel(kernel, a[i], b[j], c)) / 9;
                }
            }
            assertThat(mmdOf(term, a, b)).as("%s", kernel).isCloseTo(expected, within(1e-12)).isPositive();
        }
    }

    @Test
    void mmdNamesThePriorThatCannotSampleInTheGraph() {
        TinyGraph t = new TinyGraph(new TinyGraph.StubPrior(true));
        assertThatThrownBy(() -> t.perExample(new Mmd(new Mmd.Spec(null, null, null))))
                .isInstanceOf(UserInputException.class).hasMessageContaining("model.prior");
    }

    // ---------------------------------------------------------------- iwae

    @Test
    void iwaeWithKIdenticalDrawsIsTheSingleSampleElbo() {
        TinyGraph t = ModelGraph.withModel(new TinyGraph.StubPrior(false));
        int k = 3;
        INDArray value = null;
        SDVariable term = t.perExample(new Iwae(new Iwae.Spec(1.0, k)));
        double[][] eps = t.feed.get("eps").toDoubleMatrix();
        double[][][] repeated = new double[TinyGraph.BATCH][k][];
        for (int i = 0; i < TinyGraph.BATCH; i++) {
            for (int s = 0; s < k; s++) {
                repeated[i][s] = eps[i].clone();
            }
        }
        t.feed.put("feed/noise/iwae", Nd4j.create(repeated));
        value = t.evalArray(term);

        Map<String, double[][]> v = t.eval(t.posterior.mean(), t.posterior.logVar(), t.z, t.decoderOutput, t.target);
        double[][] mean = v.get(t.posterior.mean().name());
        double[][] logVar = v.get(t.posterior.logVar().name());
        double[][] z = v.get(t.z.name());
        double[][] out = v.get(t.decoderOutput.name());
        double[][] x = v.get(t.target.name());
        for (int i = 0; i < TinyGraph.BATCH; i++) {
            double elbo = 0;
            for (int j = 0; j < TinyGraph.D; j++) {
                elbo -= ModelGraph.bce(x[i][j], out[i][j]);
            }
            for (int j = 0; j < TinyGraph.LATENT; j++) {
                double r = z[i][j] - mean[i][j];
                elbo += -0.5 * (LOG_2PI + z[i][j] * z[i][j]);                                   // log p(z)
                elbo -= -0.5 * (LOG_2PI + logVar[i][j]) - r * r / (2 * Math.exp(logVar[i][j])); // log q(z|x)
            }
            assertThat(value.getDouble(i)).as("row %d", i).isCloseTo(-elbo, within(1e-10));
        }
    }

    @Test
    void iwaeWithDistinctDrawsIsTheNegativeLogMeanOfTheWeightsAndTrainsEveryNetwork() {
        TinyGraph t = ModelGraph.withModel(new TinyGraph.StubPrior(false));
        int k = 2;
        SDVariable term = t.perExample(new Iwae(new Iwae.Spec(1.0, k)));
        SplittableRandom rng = new SplittableRandom(5);
        double[][][] noise = new double[TinyGraph.BATCH][k][TinyGraph.LATENT];
        for (double[][] example : noise) {
            for (double[] draw : example) {
                for (int j = 0; j < draw.length; j++) {
                    draw[j] = rng.nextDouble() * 2 - 1;
                }
            }
        }
        t.feed.put("feed/noise/iwae", Nd4j.create(noise));
        INDArray value = t.evalArray(term);
        double[][] logW = new double[TinyGraph.BATCH][k];
        // each draw's single-sample bound, through the identical-draws case proven above
        for (int s = 0; s < k; s++) {
            double[][][] same = new double[TinyGraph.BATCH][k][];
            for (int i = 0; i < TinyGraph.BATCH; i++) {
                for (int r = 0; r < k; r++) {
                    same[i][r] = noise[i][s];
                }
            }
            t.feed.put("feed/noise/iwae", Nd4j.create(same));
            INDArray single = t.evalArray(term);
            for (int i = 0; i < TinyGraph.BATCH; i++) {
                logW[i][s] = -single.getDouble(i);
            }
        }
        for (int i = 0; i < TinyGraph.BATCH; i++) {
            double m = Math.max(logW[i][0], logW[i][1]);
            double expected = -(m + Math.log((Math.exp(logW[i][0] - m) + Math.exp(logW[i][1] - m)) / k));
            assertThat(value.getDouble(i)).isCloseTo(expected, within(1e-10));
            assertThat(value.getDouble(i)).isLessThanOrEqualTo(-(logW[i][0] + logW[i][1]) / 2 + 1e-12);  // Jensen
        }
        t.feed.put("feed/noise/iwae", Nd4j.create(noise));
        Map<String, INDArray> grads = t.gradients(term);
        for (String name : t.parameterNames()) {
            assertThat(grads.get(name).norm2Number().doubleValue()).as(name).isPositive();
        }
    }

    @Test
    void iwaeRejectsFewerThanTwoSamplesInItsSpec() {
        var validator = jakarta.validation.Validation.byDefaultProvider().configure()
                .messageInterpolator(new org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator())
                .buildValidatorFactory().getValidator();
        assertThat(validator.validate(new Iwae.Spec(1.0, 1))).extracting(v -> v.getMessage())
                .containsExactly("must be at least 2 (K = 1 is the plain ELBO: use beta-kl)");
        assertThat(validator.validate(new Iwae.Spec(null, null))).isEmpty();
    }

    // ---------------------------------------------------------------- total correlation

    /** A forward pass over fed posteriors: means, log-variances and codes as constants. */
    private static double term(org.vaelab.api.loss.LossTerm term, double[][] mean, double[][] logVar, double[][] z) {
        SameDiff sd = SameDiff.create();
        GraphContext g = new SeededGraphContext(sd, DataType.DOUBLE, new ImageShape(1, 1, 1), mean[0].length, 1);
        SDVariable x = sd.constant(Nd4j.zeros(DataType.DOUBLE, mean.length, 1));
        Posterior q = new Posterior(sd.constant(Nd4j.create(mean)), sd.constant(Nd4j.create(logVar)));
        ForwardPass fp = new ForwardPass(x, x, null, q, sd.constant(Nd4j.create(z)), x, new TinyGraph.StubPrior(true));
        SDVariable rows = term.perExample(g, fp);
        return sd.output(Map.of(), rows.name()).get(rows.name()).meanNumber().doubleValue();
    }

    /** The minibatch-weighted sampling estimate, written out with plain loops. */
    private static double tcByLoops(double[][] mean, double[][] logVar, double[][] z, int n) {
        int m = mean.length;
        int d = mean[0].length;
        double total = 0;
        for (int i = 0; i < m; i++) {
            double[] joint = new double[m];
            double[][] marginal = new double[d][m];
            for (int j = 0; j < m; j++) {
                for (int k = 0; k < d; k++) {
                    double r = z[i][k] - mean[j][k];
                    double lq = -0.5 * (LOG_2PI + logVar[j][k] + r * r / Math.exp(logVar[j][k]));
                    joint[j] += lq;
                    marginal[k][j] = lq;
                }
            }
            double logQz = logSumExp(joint) - Math.log((double) n * m);
            double logProd = 0;
            for (int k = 0; k < d; k++) {
                logProd += logSumExp(marginal[k]) - Math.log((double) n * m);
            }
            total += logQz - logProd;
        }
        return total / m;
    }

    private static double logSumExp(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            max = Math.max(max, x);
        }
        double s = 0;
        for (double x : v) {
            s += Math.exp(x - max);
        }
        return max + Math.log(s);
    }

    @Test
    void totalCorrelationMatchesTheEstimatorAndIsNearZeroForIndependentAndPositiveForCorrelatedCodes() {
        int m = 200;
        int n = 1000;
        SplittableRandom rng = new SplittableRandom(11);
        double[][] logVar = new double[m][2];
        double[][] independent = new double[m][2];
        double[][] correlated = new double[m][2];
        double rho = 0.95;
        for (int i = 0; i < m; i++) {
            double a = Math.sqrt(0.9) * gaussian(rng);
            double b = Math.sqrt(0.9) * gaussian(rng);
            independent[i] = new double[] {a, b};
            correlated[i] = new double[] {a, rho * a + Math.sqrt(1 - rho * rho) * b};
            logVar[i] = new double[] {Math.log(0.1), Math.log(0.1)};
        }
        TotalCorrelation tc = new TotalCorrelation(new TotalCorrelation.Spec(1.0, 6.0, Integer.valueOf(n)));
        assertThat(tc.coefficient()).isEqualTo(5.0);
        // codes at the means (the estimator's value does not depend on how z was drawn)
        double indep = term(tc, independent, logVar, independent);
        double corr = term(tc, correlated, logVar, correlated);
        assertThat(indep).isCloseTo(tcByLoops(independent, logVar, independent, n), within(1e-9));
        assertThat(corr).isCloseTo(tcByLoops(correlated, logVar, correlated, n), within(1e-9));
        // minibatch-weighted sampling weighs each batch member 1/(NM): for a smooth aggregate posterior its TC is
        // the true TC plus (d - 1) log N, a constant that leaves the gradients alone. Less that constant: the
        // independent codes' TC is near 0, the correlated ones' positive, of the order of the true
        // -log(1 - r^2)/2 = 0.66 nats (r = 0.95 * 0.9; 0.96 measured: the estimator's own bias at M = 200)
        double offset = Math.log(n);
        assertThat(indep - offset).isCloseTo(0.0, within(0.15));
        assertThat(corr - offset).isBetween(0.4, 1.3);
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    // ---------------------------------------------------------------- dip

    @Test
    void dipIsZeroWhenTheCovarianceIsTheIdentityAndOtherwiseItsPenalty() {
        double[][] square = {{1, 1}, {1, -1}, {-1, 1}, {-1, -1}};          // mean 0, covariance I
        double[][] lowVar = {{-30, -30}, {-30, -30}, {-30, -30}, {-30, -30}};
        Dip one = new Dip(new Dip.Spec(1.0, Dip.Variant.I, 10.0, null));
        assertThat(one.spec().lambdaD()).isEqualTo(100.0);
        assertThat(term(one, square, lowVar, square)).isCloseTo(0.0, within(1e-12));
        // DIP-II adds the mean posterior variance: means of covariance I/2 plus variances 1/2
        double[][] half = new double[4][];
        double[][] halfVar = new double[4][];
        for (int i = 0; i < 4; i++) {
            half[i] = new double[] {square[i][0] * Math.sqrt(0.5), square[i][1] * Math.sqrt(0.5)};
            halfVar[i] = new double[] {Math.log(0.5), Math.log(0.5)};
        }
        Dip two = new Dip(new Dip.Spec(1.0, Dip.Variant.II, 10.0, null));
        assertThat(two.spec().lambdaD()).isEqualTo(10.0);
        assertThat(term(two, half, halfVar, half)).isCloseTo(0.0, within(1e-12));
        assertThat(term(one, half, halfVar, half)).as("DIP-I sees only the means").isCloseTo(100.0 * 2 * 0.25, within(1e-12));

        // a correlated batch: Cov = [[1, 1], [1, 1]] by hand (biased, over 2 rows: means +-1 in both)
        double[][] line = {{1, 1}, {-1, -1}};
        Dip weighted = new Dip(new Dip.Spec(1.0, Dip.Variant.I, 3.0, Double.valueOf(7.0)));
        assertThat(term(weighted, line, new double[][] {{0, 0}, {0, 0}}, line)).isCloseTo(3.0 * 2, within(1e-12));
    }
}
