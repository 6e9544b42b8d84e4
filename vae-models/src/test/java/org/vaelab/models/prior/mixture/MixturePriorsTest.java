package org.vaelab.models.prior.mixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.data.ImageShape;
import org.vaelab.api.model.Initializer;
import org.vaelab.api.model.Posterior;
import org.vaelab.api.model.SeededGraphContext;
import org.vaelab.models.prior.vamp.VampPrior;

/** The Gaussian-mixture prior and the VampPrior against mixture densities computed here. */
@SuppressWarnings("try")
class MixturePriorsTest {

    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private static final double[][] Z = {{0.3, -1.2}, {2.0, 0.5}, {-0.4, 0.1}};

    private static double logGaussian(double[] z, double[] mean, double[] logVar) {
        double s = 0;
        for (int j = 0; j < z.length; j++) {
            double r = z[j] - mean[j];
            s += -0.5 * (LOG_2PI + logVar[j] + r * r / Math.exp(logVar[j]));
        }
        return s;
    }

    private static double logMixture(double[] z, double[][] means, double[][] logVars, double[] weights) {
        double p = 0;
        for (int k = 0; k < means.length; k++) {
            p += weights[k] * Math.exp(logGaussian(z, means[k], logVars[k]));
        }
        return Math.log(p);
    }

    private record Built(SameDiff sd, SeededGraphContext g, GaussianMixturePrior prior, SDVariable z) {}

    private static Built gmm(int k) {
        SameDiff sd = SameDiff.create();
        SeededGraphContext g = new SeededGraphContext(sd, DataType.DOUBLE, new ImageShape(1, 2, 2), 2, 9);
        GaussianMixturePrior prior = new GaussianMixturePrior(new GaussianMixturePrior.Spec(k));
        try (var ns = sd.withNameScope("prior")) {
            prior.build(g);
        }
        return new Built(sd, g, prior, sd.constant(Nd4j.create(Z)));
    }

    private static double[] eval(SameDiff sd, SDVariable v) {
        return sd.output(Map.of(), v.name()).get(v.name()).toDoubleVector();
    }

    @Test
    void oneComponentIsItsGaussianAndTwoEqualComponentsAreToo() {
        Built one = gmm(1);
        assertThat(one.g.inputs()).isEmpty();
        double[][] mean = one.sd.getVariable("prior/means").getArr().toDoubleMatrix();
        double[][] logVar = one.sd.getVariable("prior/log-vars").getArr().toDoubleMatrix();
        double[] got = eval(one.sd, one.prior.logProb(one.g, one.z));
        for (int i = 0; i < Z.length; i++) {
            assertThat(got[i]).isCloseTo(logGaussian(Z[i], mean[0], logVar[0]), within(1e-12));
        }
        Built two = gmm(2);
        two.sd.getVariable("prior/means").setArray(Nd4j.create(new double[][] {mean[0], mean[0]}));
        two.sd.getVariable("prior/weight-logits").setArray(Nd4j.createFromArray(0.7, -1.3));
        double[] twice = eval(two.sd, two.prior.logProb(two.g, two.z));
        for (int i = 0; i < Z.length; i++) {
            assertThat(twice[i]).isCloseTo(logGaussian(Z[i], mean[0], logVar[0]), within(1e-12));
        }
    }

    @Test
    void theLogDensityIsTheSoftmaxWeightedMixtureAndEveryParameterGetsAGradient() {
        Built b = gmm(3);
        b.sd.getVariable("prior/log-vars").setArray(Nd4j.create(new double[][] {{0.2, -0.5}, {0, 0.4}, {-1, 0}}));
        b.sd.getVariable("prior/weight-logits").setArray(Nd4j.createFromArray(0.5, -0.2, 1.1));
        double[][] means = b.sd.getVariable("prior/means").getArr().toDoubleMatrix();
        double[][] logVars = b.sd.getVariable("prior/log-vars").getArr().toDoubleMatrix();
        double norm = Math.exp(0.5) + Math.exp(-0.2) + Math.exp(1.1);
        double[] weights = {Math.exp(0.5) / norm, Math.exp(-0.2) / norm, Math.exp(1.1) / norm};
        SDVariable logP = b.prior.logProb(b.g, b.z);
        double[] got = eval(b.sd, logP);
        for (int i = 0; i < Z.length; i++) {
            assertThat(got[i]).isCloseTo(logMixture(Z[i], means, logVars, weights), within(1e-12));
        }
        b.sd.setLossVariables(logP.sum().name());
        Map<String, INDArray> grads = b.sd.calculateGradients(Map.of(), "prior/means", "prior/log-vars", "prior/weight-logits");
        grads.forEach((name, grad) -> assertThat(grad.norm2Number().doubleValue()).as(name).isPositive());
        INDArray drawn = b.prior.sample(b.g, 5, new SplittableRandom(3));
        assertThat(drawn.shape()).containsExactly(5, 2);
    }

    /** Feeds the in-graph draw: {@code u} per example for the component, {@code eps} per example for its Gaussian. */
    private static double[][] drawInGraph(Built b, SDVariable drawn, double[] u, double[][] eps) {
        Map<String, INDArray> feed = new HashMap<>();
        double[][] uColumn = new double[u.length][];
        for (int i = 0; i < u.length; i++) {
            uColumn[i] = new double[] {u[i]};
        }
        if (b.sd.hasVariable("feed/noise/prior-component")) {
            feed.put("feed/noise/prior-component", Nd4j.create(uColumn));
        }
        feed.put("feed/noise/prior", Nd4j.create(eps));
        return b.sd.output(feed, drawn.name()).get(drawn.name()).toDoubleMatrix();
    }

    private static double[] softmax(double... logits) {
        double norm = 0;
        for (double l : logits) {
            norm += Math.exp(l);
        }
        double[] w = new double[logits.length];
        for (int k = 0; k < w.length; k++) {
            w[k] = Math.exp(logits[k]) / norm;
        }
        return w;
    }

    @Test
    void inGraphSamplingPicksTheComponentWhoseCumulativeWeightTheUniformNoiseReaches() {
        Built b = gmm(3);
        double[] logits = {0.5, -0.2, 1.1};
        b.sd.getVariable("prior/weight-logits").setArray(Nd4j.createFromArray(logits));
        b.sd.getVariable("prior/log-vars").setArray(Nd4j.create(new double[][] {{0.2, -0.5}, {0, 0.4}, {-1, 0}}));
        double[][] means = b.sd.getVariable("prior/means").getArr().toDoubleMatrix();
        double[][] logVars = b.sd.getVariable("prior/log-vars").getArr().toDoubleMatrix();
        double[] w = softmax(logits);
        SDVariable drawn = b.prior.sampleInGraph(b.g).orElseThrow();
        assertThat(b.g.inputs()).hasSize(2);
        // each side of both cumulative boundaries, and the ends of [0, 1)
        double[] u = {0.0, w[0] - 1e-9, w[0] + 1e-9, w[0] + w[1] - 1e-9, w[0] + w[1] + 1e-9, 0.999999};
        int[] expected = {0, 0, 1, 1, 2, 2};
        double[][] eps = new double[u.length][];
        for (int i = 0; i < u.length; i++) {
            eps[i] = new double[] {0.3 * i - 0.7, 1.1 - 0.4 * i};
        }
        double[][] codes = drawInGraph(b, drawn, u, eps);
        for (int i = 0; i < u.length; i++) {
            int k = expected[i];
            for (int j = 0; j < 2; j++) {
                assertThat(codes[i][j]).as("u = %s", u[i])
                        .isCloseTo(means[k][j] + Math.exp(logVars[k][j] / 2) * eps[i][j], within(1e-12));
            }
        }
        // differentiable in the chosen components' means and variances; the choice passes no gradient
        b.sd.setLossVariables(drawn.sum().name());
        Map<String, INDArray> feed = new HashMap<>();
        feed.put("feed/noise/prior-component", Nd4j.create(new double[][] {{0.1}, {0.5}, {0.9}}));
        feed.put("feed/noise/prior", Nd4j.create(new double[][] {{0.3, -0.2}, {1.0, 0.5}, {-0.5, 2.0}}));
        Map<String, INDArray> grads = b.sd.calculateGradients(feed, "prior/means", "prior/log-vars");
        grads.forEach((name, grad) -> {
            assertThat(grad.isNaN().any()).as(name).isFalse();
            assertThat(grad.norm2Number().doubleValue()).as(name).isPositive();
        });
    }

    @Test
    void inGraphSamplesHaveTheMixturesMeanAndVariance() {
        Built b = gmm(3);
        double[] logits = {0.3, -0.8, 0.9};
        b.sd.getVariable("prior/weight-logits").setArray(Nd4j.createFromArray(logits));
        b.sd.getVariable("prior/means").setArray(Nd4j.create(new double[][] {{-2, 1}, {0.5, 3}, {2.5, -1}}));
        b.sd.getVariable("prior/log-vars").setArray(Nd4j.create(new double[][] {{0.2, -0.5}, {0, 0.4}, {-1, 0}}));
        double[][] means = b.sd.getVariable("prior/means").getArr().toDoubleMatrix();
        double[][] logVars = b.sd.getVariable("prior/log-vars").getArr().toDoubleMatrix();
        double[] w = softmax(logits);
        int n = 40_000;
        SplittableRandom rng = new SplittableRandom(17);
        Initializer normal = Initializer.normal(1.0);
        double[] u = new double[n];
        double[][] eps = new double[n][2];
        for (int i = 0; i < n; i++) {
            u[i] = rng.nextDouble();
            eps[i][0] = normal.sample(rng);
            eps[i][1] = normal.sample(rng);
        }
        double[][] codes = drawInGraph(b, b.prior.sampleInGraph(b.g).orElseThrow(), u, eps);
        for (int j = 0; j < 2; j++) {
            // closed form: E z = sum_k w_k mu_k, Var z = sum_k w_k (sigma_k^2 + mu_k^2) - (E z)^2
            double mean = 0;
            double second = 0;
            for (int k = 0; k < 3; k++) {
                mean += w[k] * means[k][j];
                second += w[k] * (Math.exp(logVars[k][j]) + means[k][j] * means[k][j]);
            }
            double variance = second - mean * mean;
            double m = 0;
            for (double[] c : codes) {
                m += c[j] / n;
            }
            double v = 0;
            for (double[] c : codes) {
                v += (c[j] - m) * (c[j] - m) / (n - 1);
            }
            // 5 standard errors: sd/sqrt(n) for the mean, about var*sqrt(2/n) (more with the mixture's kurtosis) for the variance
            assertThat(m).as("mean of dimension %d", j).isCloseTo(mean, within(5 * Math.sqrt(variance / n)));
            assertThat(v).as("variance of dimension %d", j).isCloseTo(variance, within(10 * variance * Math.sqrt(2.0 / n)));
        }
    }

    @Test
    void oneComponentSamplesInTheGraphLikeItsGaussianWithNoUniformNoise() {
        Built one = gmm(1);
        double[][] mean = one.sd.getVariable("prior/means").getArr().toDoubleMatrix();
        one.sd.getVariable("prior/log-vars").setArray(Nd4j.create(new double[][] {{0.6, -0.4}}));
        SDVariable drawn = one.prior.sampleInGraph(one.g).orElseThrow();
        assertThat(one.g.inputs()).hasSize(1);
        double[][] eps = {{0.3, -1.2}, {2.0, 0.5}};
        double[][] codes = drawInGraph(one, drawn, new double[] {0.2, 0.7}, eps);
        for (int i = 0; i < 2; i++) {
            assertThat(codes[i][0]).isCloseTo(mean[0][0] + Math.exp(0.3) * eps[i][0], within(1e-12));
            assertThat(codes[i][1]).isCloseTo(mean[0][1] + Math.exp(-0.2) * eps[i][1], within(1e-12));
        }
    }

    /** A VampPrior over a linear encoder built in the encoder/ scope, as the runner builds it. */
    @Test
    void vampIsTheUniformMixtureOfThePseudoInputsPosteriorsAndSamplesOneOfThemInTheGraph() {
        SameDiff sd = SameDiff.create();
        SeededGraphContext g = new SeededGraphContext(sd, DataType.DOUBLE, new ImageShape(1, 2, 2), 2, 4);
        org.vaelab.api.model.Encoder encoder = (gc, x) -> new Posterior(
                x.mmul(gc.parameter("m/w", Initializer.normal(1.0), 4, 2)),
                x.mmul(gc.parameter("v/w", Initializer.normal(0.3), 4, 2)));
        try (var ns = sd.withNameScope("encoder")) {
            encoder.encode(g, sd.placeHolder("x", DataType.DOUBLE, -1, 4));
        }
        g.attachModel(encoder, (gc, z) -> z, new org.vaelab.api.loss.ReconstructionTerm() {
            public String name() {
                return "recon";
            }

            public SDVariable negLogLikelihood(org.vaelab.api.model.GraphContext gc, SDVariable t, SDVariable o) {
                return t.sum(1);
            }

            public SDVariable mean(org.vaelab.api.model.GraphContext gc, SDVariable o) {
                return o;
            }
        });
        VampPrior prior = new VampPrior(new VampPrior.Spec(3));
        try (var ns = sd.withNameScope("prior")) {
            prior.build(g);
        }
        double[][] u = sd.getVariable("prior/pseudo-inputs").getArr().toDoubleMatrix();
        double[][] wm = sd.getVariable("encoder/m/w").getArr().toDoubleMatrix();
        double[][] wv = sd.getVariable("encoder/v/w").getArr().toDoubleMatrix();
        double[][] means = new double[3][2];
        double[][] logVars = new double[3][2];
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < 2; j++) {
                for (int p = 0; p < 4; p++) {
                    means[k][j] += (u[k][p] + 0.5) * wm[p][j];
                    logVars[k][j] += (u[k][p] + 0.5) * wv[p][j];
                }
            }
        }
        double[] got = eval(sd, prior.logProb(g, sd.constant(Nd4j.create(Z))));
        for (int i = 0; i < Z.length; i++) {
            assertThat(got[i]).isCloseTo(logMixture(Z[i], means, logVars, new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}),
                    within(1e-12));
        }
        // in the graph: uniform noise picks component floor(3u), standard normal noise reparameterises it
        SDVariable drawn = prior.sampleInGraph(g).orElseThrow();
        Map<String, INDArray> feed = new HashMap<>();
        double[] uniform = {0.1, 0.5, 0.9};
        double[][] eps = {{0.3, -0.2}, {1.0, 0.0}, {-0.5, 2.0}};
        feed.put("feed/noise/prior-component", Nd4j.create(new double[][] {{uniform[0]}, {uniform[1]}, {uniform[2]}}));
        feed.put("feed/noise/prior", Nd4j.create(eps));
        double[][] codes = sd.output(feed, drawn.name()).get(drawn.name()).toDoubleMatrix();
        for (int i = 0; i < 3; i++) {
            int k = (int) Math.floor(3 * uniform[i]);
            for (int j = 0; j < 2; j++) {
                assertThat(codes[i][j]).isCloseTo(means[k][j] + Math.exp(logVars[k][j] / 2) * eps[i][j], within(1e-12));
            }
        }
        assertThat(prior.sample(g, 4, new SplittableRandom(1)).shape()).containsExactly(4, 2);
    }
}
