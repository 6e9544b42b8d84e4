package org.vaelab.api.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks every {@link VaeOps} helper against an independent computation in plain Java double precision
 * (hand-computed constants, the textbook formula, a Monte Carlo estimate) and its gradients against
 * central finite differences. Graphs are built in DOUBLE wherever the tolerance is tight.
 */
class VaeOpsTest {

    private static final double LOG_2PI = Math.log(2.0 * Math.PI);

    // ---------------------------------------------------------------- bernoulliNll

    @Test
    void bernoulliNllMatchesHandComputedValuesIncludingExtremeLogits() {
        double[][] x = {
            {1.0, 0.0, 0.5},
            {1.0, 0.0, 1.0},
            {0.0, 1.0, 0.0},
        };
        double[][] logits = {
            {0.0, 2.0, -1.0},
            {30.0, -30.0, -30.0},
            {30.0, 30.0, 0.0},
        };
        // hand-computed, term by term:
        //   row 0: log 2 + log(1+e^2) + (0 + 0.5 + log(1+e^-1))
        //        = 0.6931471805599453 + 2.1269280110429727 + 0.8132616875182228
        //   row 1: log(1+e^-30) + log(1+e^-30) + (30 + log(1+e^-30)), log(1+e^-30) = 9.357622968839737e-14
        //   row 2: (30 + 9.357622968839737e-14) + 9.357622968839737e-14 + log 2
        double tail30 = 9.357622968839737e-14;
        double[] expected = {
            0.6931471805599453 + 2.1269280110429727 + 0.8132616875182228,
            30.0 + 3 * tail30,
            30.0 + 2 * tail30 + 0.6931471805599453,
        };

        double[] actual = evalBinary(DataType.DOUBLE, x, logits, VaeOps::bernoulliNll);

        assertThat(actual).hasSize(3);
        assertThat(actual[0]).isCloseTo(3.633336879121141, within(1e-14));
        for (int i = 0; i < 3; i++) {
            assertThat(actual[i]).as("row %d", i).isCloseTo(expected[i], within(1e-13));
        }
        // at logits of +-30 the stable form keeps the exp(-30) tail that 1 - sigmoid(30) would lose
        assertThat(actual[1] - 30.0).isCloseTo(3 * tail30, within(1e-14));
    }

    @Test
    void softplusIsExactAndItsGradientIsTheSigmoidForHugeArguments() {
        double[] x = {-1000, -3, 0.5, 40, 1000};
        SameDiff sd = SameDiff.create();
        SDVariable v = sd.var("v", Nd4j.createFromArray(x));
        SDVariable sp = VaeOps.softplus(sd, v);
        double[] got = sd.output(Map.<String, INDArray>of(), sp.name()).get(sp.name()).toDoubleVector();
        sd.setLossVariables(sp.sum().name());
        double[] grad = sd.calculateGradients(Map.of(), "v").get("v").toDoubleVector();
        for (int i = 0; i < x.length; i++) {
            double expected = x[i] > 0 ? x[i] + Math.log1p(Math.exp(-x[i])) : Math.log1p(Math.exp(x[i]));
            assertThat(got[i]).isCloseTo(expected, within(1e-12));
            assertThat(grad[i]).isCloseTo(1 / (1 + Math.exp(-x[i])), within(1e-12));
        }
    }

    @Test
    void bernoulliNllStaysFiniteAndExactForHugeLogitsInFloat() {
        double[][] x = {{1.0, 0.0, 1.0, 0.0}};
        double[][] logits = {{100.0, -100.0, -1000.0, 1000.0}};

        double[] actual = evalBinary(DataType.FLOAT, x, logits, VaeOps::bernoulliNll);

        // confident and right costs nothing; confident and wrong costs |l| nats; exp(-|l|) never overflows
        assertThat(actual[0]).isFinite().isCloseTo(1000.0 + 1000.0, within(1e-3));
    }

    @Test
    void bernoulliNllMatchesTheNaiveFormulaForModerateLogits() {
        SplittableRandom rng = new SplittableRandom(11);
        int batch = 6;
        int d = 8;
        double[][] x = new double[batch][d];
        double[][] logits = new double[batch][d];
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = j % 3 == 0 ? rng.nextDouble() : rng.nextInt(2);       // soft and hard targets
                logits[i][j] = (2.0 * rng.nextDouble() - 1.0) * 8.0;
            }
        }

        double[] actual = evalBinary(DataType.DOUBLE, x, logits, VaeOps::bernoulliNll);

        for (int i = 0; i < batch; i++) {
            double naive = 0.0;
            for (int j = 0; j < d; j++) {
                double p = 1.0 / (1.0 + Math.exp(-logits[i][j]));
                naive -= x[i][j] * Math.log(p) + (1.0 - x[i][j]) * Math.log(1.0 - p);
            }
            assertThat(actual[i]).as("row %d", i).isCloseTo(naive, within(1e-11 * Math.max(1.0, naive)));
        }
    }

    // ---------------------------------------------------------------- gaussianNll

    @Test
    void gaussianNllMatchesHandComputedValues() {
        double[][] x = {{1.0, 2.0}, {0.0, 0.0}};
        double[][] mean = {{0.5, 2.5}, {0.0, 0.0}};
        // sigma = 2, d = 2: constant = 2 (log 2 + log(2 pi)/2) = 2 (0.6931471805599453 + 0.9189385332046727)
        //   row 0: (0.25 + 0.25) / (2 * 4) + 3.224171427529236 = 3.286671427529236
        //   row 1: 0 + 3.224171427529236
        double[] actual = evalBinary(DataType.DOUBLE, x, mean, (sd, a, b) -> VaeOps.gaussianNll(sd, a, b, 2.0, 2));

        assertThat(actual).hasSize(2);
        assertThat(actual[0]).isCloseTo(3.286671427529236, within(1e-13));
        assertThat(actual[1]).isCloseTo(3.224171427529236, within(1e-13));
    }

    @Test
    void gaussianNllIsMinusTheLogOfTheGaussianDensity() {
        SplittableRandom rng = new SplittableRandom(5);
        double sigma = 0.3;
        int batch = 4;
        int d = 5;
        double[][] x = new double[batch][d];
        double[][] mean = new double[batch][d];
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = rng.nextDouble();
                mean[i][j] = rng.nextDouble();
            }
        }

        double[] actual = evalBinary(DataType.DOUBLE, x, mean, (sd, a, b) -> VaeOps.gaussianNll(sd, a, b, sigma, d));

        for (int i = 0; i < batch; i++) {
            double nll = 0.0;
            for (int j = 0; j < d; j++) {
                double u = (x[i][j] - mean[i][j]) / sigma;
                double density = Math.exp(-0.5 * u * u) / (sigma * Math.sqrt(2.0 * Math.PI));
                nll -= Math.log(density);
            }
            assertThat(actual[i]).as("row %d", i).isCloseTo(nll, within(1e-12));
        }
    }

    // ---------------------------------------------------------------- klToStandardNormal

    @Test
    void klToStandardNormalMatchesHandComputedValues() {
        double[][] mean = {{0.0, 1.0}, {0.0, 0.0}, {2.0, 0.0}};
        double[][] logVar = {{0.0, Math.log(2.0)}, {0.0, 0.0}, {0.0, -1.0}};
        // row 0: -1/2 [(1 + 0 - 0 - 1) + (1 + ln 2 - 1 - 2)] = 1 - ln(2)/2 = 0.6534264097200273
        // row 1: q = p, so 0
        // row 2: -1/2 [(1 + 0 - 4 - 1) + (1 - 1 - 0 - e^-1)] = 2 + e^-1 / 2 = 2.1839397205857214
        double[] actual = evalBinary(DataType.DOUBLE, mean, logVar, VaeOps::klToStandardNormal);

        assertThat(actual).hasSize(3);
        assertThat(actual[0]).isCloseTo(0.6534264097200273, within(1e-14));
        assertThat(actual[1]).isCloseTo(0.0, within(1e-15));
        assertThat(actual[2]).isCloseTo(2.1839397205857214, within(1e-14));
    }

    @Test
    void klToStandardNormalAgreesWithAMonteCarloEstimate() {
        double[] mean = {0.3, -1.2, 0.7};
        double[] logVar = {-0.5, 0.4, -1.5};
        int k = mean.length;

        double analytic = evalBinary(DataType.DOUBLE, new double[][] {mean}, new double[][] {logVar},
                VaeOps::klToStandardNormal)[0];

        // KL = E_q[log q(z) - log p(z)], estimated from 200k draws of z ~ q in plain Java
        int n = 200_000;
        SplittableRandom rng = new SplittableRandom(2024);
        double sum = 0.0;
        double sumSq = 0.0;
        for (int s = 0; s < n; s++) {
            double logRatio = 0.0;
            for (int j = 0; j < k; j++) {
                double std = Math.exp(0.5 * logVar[j]);
                double eps = gaussian(rng);
                double z = mean[j] + std * eps;
                double logQ = -0.5 * (LOG_2PI + logVar[j] + eps * eps);
                double logP = -0.5 * (LOG_2PI + z * z);
                logRatio += logQ - logP;
            }
            sum += logRatio;
            sumSq += logRatio * logRatio;
        }
        double mcMean = sum / n;
        double standardError = Math.sqrt((sumSq / n - mcMean * mcMean) / (n - 1));

        assertThat(standardError).isLessThan(0.01);
        assertThat(analytic).isCloseTo(mcMean, within(5.0 * standardError));
    }

    // ---------------------------------------------------------------- log-densities

    @Test
    void diagGaussianLogProbMatchesJava() {
        SplittableRandom rng = new SplittableRandom(3);
        int batch = 5;
        int k = 3;
        double[][] z = randomMatrix(rng, batch, k, 2.0);
        double[][] mean = randomMatrix(rng, batch, k, 1.0);
        double[][] logVar = randomMatrix(rng, batch, k, 1.5);

        SameDiff sd = SameDiff.create();
        SDVariable zv = sd.placeHolder("z", DataType.DOUBLE, -1, k);
        SDVariable mv = sd.placeHolder("mean", DataType.DOUBLE, -1, k);
        SDVariable lv = sd.placeHolder("logVar", DataType.DOUBLE, -1, k);
        SDVariable out = VaeOps.diagGaussianLogProb(sd, zv, mv, lv);
        INDArray result = sd.output(Map.of("z", Nd4j.create(z), "mean", Nd4j.create(mean), "logVar", Nd4j.create(logVar)),
                out.name()).get(out.name());

        assertThat(result.shape()).containsExactly(batch);
        for (int i = 0; i < batch; i++) {
            double logProb = 0.0;
            for (int j = 0; j < k; j++) {
                double variance = Math.exp(logVar[i][j]);
                double diff = z[i][j] - mean[i][j];
                logProb += Math.log(Math.exp(-diff * diff / (2.0 * variance)) / Math.sqrt(2.0 * Math.PI * variance));
            }
            assertThat(result.getDouble(i)).as("row %d", i).isCloseTo(logProb, within(1e-12));
        }
    }

    @Test
    void standardNormalLogProbMatchesJavaAndTheUnitDiagonalCase() {
        SplittableRandom rng = new SplittableRandom(4);
        int batch = 4;
        int k = 3;
        double[][] z = randomMatrix(rng, batch, k, 3.0);

        SameDiff sd = SameDiff.create();
        SDVariable zv = sd.placeHolder("z", DataType.DOUBLE, -1, k);
        SDVariable standard = VaeOps.standardNormalLogProb(sd, zv);
        SDVariable zeros = sd.constant("zeros", Nd4j.zeros(DataType.DOUBLE, batch, k));
        SDVariable unitDiagonal = VaeOps.diagGaussianLogProb(sd, zv, zeros, zeros);
        Map<String, INDArray> out = sd.output(Map.of("z", Nd4j.create(z)), standard.name(), unitDiagonal.name());

        assertThat(out.get(standard.name()).shape()).containsExactly(batch);
        for (int i = 0; i < batch; i++) {
            double logProb = 0.0;
            for (int j = 0; j < k; j++) {
                logProb += Math.log(Math.exp(-0.5 * z[i][j] * z[i][j]) / Math.sqrt(2.0 * Math.PI));
            }
            assertThat(out.get(standard.name()).getDouble(i)).as("row %d", i).isCloseTo(logProb, within(1e-12));
            assertThat(out.get(unitDiagonal.name()).getDouble(i)).isCloseTo(logProb, within(1e-12));
        }
    }

    // ---------------------------------------------------------------- gradients

    /**
     * A miniature VAE objective: encoder {@code mu = x A + c}, {@code logVar = x B + e}, reparameterised
     * {@code z = mu + exp(logVar/2) eps}, decoder logits {@code z W + b}; loss = mean_batch(bernoulliNll) +
     * mean_batch(klToStandardNormal). Every parameter's gradient must match central differences.
     */
    @Test
    void gradientsOfAMiniatureElboMatchCentralDifferences() {
        int batch = 3;
        int d = 4;
        int k = 2;
        SplittableRandom rng = new SplittableRandom(99);
        Map<String, INDArray> placeholders = new HashMap<>();
        placeholders.put("x", Nd4j.create(randomUnitMatrix(rng, batch, d)));
        placeholders.put("eps", Nd4j.create(gaussianMatrix(rng, batch, k)));

        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, d);
        SDVariable eps = sd.placeHolder("eps", DataType.DOUBLE, -1, k);
        Map<String, INDArray> params = new LinkedHashMap<>();
        params.put("A", Nd4j.create(randomMatrix(rng, d, k, 0.5)));
        params.put("c", Nd4j.create(randomMatrix(rng, 1, k, 0.5)));
        params.put("B", Nd4j.create(randomMatrix(rng, d, k, 0.5)));
        params.put("e", Nd4j.create(randomMatrix(rng, 1, k, 0.5)));
        params.put("W", Nd4j.create(randomMatrix(rng, k, d, 0.8)));
        params.put("b", Nd4j.create(randomMatrix(rng, 1, d, 0.5)));
        Map<String, SDVariable> v = new HashMap<>();
        params.forEach((name, value) -> v.put(name, sd.var(name, value)));

        SDVariable mu = x.mmul(v.get("A")).add(v.get("c"));
        SDVariable logVar = x.mmul(v.get("B")).add(v.get("e"));
        SDVariable z = mu.add(sd.math.exp(logVar.mul(0.5)).mul(eps));
        SDVariable logits = z.mmul(v.get("W")).add(v.get("b"));
        SDVariable recon = VaeOps.bernoulliNll(sd, x, logits).mean();
        SDVariable kl = VaeOps.klToStandardNormal(sd, mu, logVar).mean();
        SDVariable loss = recon.add("loss", kl);
        sd.setLossVariables(loss.name());

        String[] names = params.keySet().toArray(new String[0]);
        Map<String, INDArray> analytic = sd.calculateGradients(placeholders, names);

        double h = 1e-6;
        double worst = 0.0;
        for (String name : names) {
            INDArray param = sd.getVariable(name).getArr();
            INDArray grad = analytic.get(name);
            assertThat(grad).as("gradient of %s", name).isNotNull();
            assertThat(grad.shape()).containsExactly(param.shape());
            for (long i = 0; i < param.length(); i++) {
                double original = param.getDouble(i);
                param.putScalar(i, original + h);
                double up = scalar(sd, placeholders, loss.name());
                param.putScalar(i, original - h);
                double down = scalar(sd, placeholders, loss.name());
                param.putScalar(i, original);
                double numeric = (up - down) / (2.0 * h);
                double exact = grad.getDouble(i);
                double relative = Math.abs(exact - numeric) / Math.max(Math.max(Math.abs(exact), Math.abs(numeric)), 1e-4);
                assertThat(relative).as("d loss / d %s[%d]: analytic %s, numeric %s", name, i, exact, numeric)
                        .isLessThan(1e-5);
                worst = Math.max(worst, relative);
            }
        }
        assertThat(worst).isLessThan(1e-5);
    }

    /**
     * The trap of NOTES.md: ND4J's sigmoidCrossEntropy ignored the upstream gradient, so scaling the loss
     * did not scale its gradient. The hand-written form must scale exactly and match sigmoid(l) - x.
     */
    @Test
    void scalingTheBernoulliLossScalesItsGradientExactly() {
        SplittableRandom rng = new SplittableRandom(17);
        double[][] x = randomUnitMatrix(rng, 3, 4);
        double[][] l = randomMatrix(rng, 3, 4, 4.0);

        INDArray plain = bernoulliGradient(x, l, 1.0);
        INDArray quarter = bernoulliGradient(x, l, 0.25);

        assertThat(quarter.ravel().toDoubleVector()).containsExactly(plain.mul(0.25).ravel().toDoubleVector());
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                double expected = 1.0 / (1.0 + Math.exp(-l[i][j])) - x[i][j];        // d/dl of the BCE
                assertThat(plain.getDouble(i, j)).isCloseTo(expected, within(1e-14));
                assertThat(quarter.getDouble(i, j)).isCloseTo(0.25 * expected, within(1e-14));
            }
        }
    }

    private static INDArray bernoulliGradient(double[][] x, double[][] logits, double scale) {
        SameDiff sd = SameDiff.create();
        SDVariable xv = sd.placeHolder("x", DataType.DOUBLE, -1, x[0].length);
        SDVariable lv = sd.var("logits", Nd4j.create(logits));
        SDVariable loss = VaeOps.bernoulliNll(sd, xv, lv).sum().mul("loss", scale);
        sd.setLossVariables(loss.name());
        return sd.calculateGradients(Map.of("x", Nd4j.create(x)), List.of("logits")).get("logits");
    }

    // ---------------------------------------------------------------- helpers

    @FunctionalInterface
    private interface BinaryOp {
        SDVariable apply(SameDiff sd, SDVariable a, SDVariable b);
    }

    /** Builds {@code op(a, b)} on two {@code [-1, d]} placeholders of {@code type} and evaluates it. */
    private static double[] evalBinary(DataType type, double[][] a, double[][] b, BinaryOp op) {
        int d = a[0].length;
        SameDiff sd = SameDiff.create();
        SDVariable av = sd.placeHolder("a", type, -1, d);
        SDVariable bv = sd.placeHolder("b", type, -1, d);
        SDVariable out = op.apply(sd, av, bv);
        Function<double[][], INDArray> feed = m -> Nd4j.create(m).castTo(type);
        INDArray result = sd.output(Map.of("a", feed.apply(a), "b", feed.apply(b)), out.name()).get(out.name());
        assertThat(result.shape()).as("per-example output").containsExactly(a.length);
        return result.castTo(DataType.DOUBLE).toDoubleVector();
    }

    private static double scalar(SameDiff sd, Map<String, INDArray> placeholders, String name) {
        return sd.output(placeholders, name).get(name).getDouble(0);
    }

    private static double[][] randomMatrix(SplittableRandom rng, int rows, int cols, double bound) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = (2.0 * rng.nextDouble() - 1.0) * bound;
            }
        }
        return m;
    }

    private static double[][] randomUnitMatrix(SplittableRandom rng, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = rng.nextDouble();
            }
        }
        return m;
    }

    private static double[][] gaussianMatrix(SplittableRandom rng, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = gaussian(rng);
            }
        }
        return m;
    }

    /** Box-Muller: one standard normal draw. */
    private static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();            // (0, 1]
        double u2 = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
