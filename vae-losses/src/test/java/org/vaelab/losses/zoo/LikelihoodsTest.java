package org.vaelab.losses.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vaelab.api.model.SeededGraphContext;
import org.vaelab.api.data.ImageShape;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.losses.TinyGraph;
import org.vaelab.losses.recon.continuous.ContinuousBernoulliReconstruction;
import org.vaelab.losses.recon.laplace.LaplaceReconstruction;
import org.vaelab.losses.recon.learned.LearnedGaussianReconstruction;

/** The likelihoods against per-pixel formulas computed here, and the continuous Bernoulli's normaliser against quadrature. */
class LikelihoodsTest {

    private static double[][] target(TinyGraph t) {
        return t.eval(t.target).get(t.target.name());
    }

    private static double[][] output(TinyGraph t) {
        return t.eval(t.decoderOutput).get(t.decoderOutput.name());
    }

    @Test
    void laplaceIsTheL1DistanceOverTheScalePlusItsNormaliser() {
        TinyGraph t = new TinyGraph(new TinyGraph.StubPrior(true));
        LaplaceReconstruction term = new LaplaceReconstruction(new LaplaceReconstruction.Spec(1.0, 0.3));
        INDArray raw = t.evalArray(t.perExample(term));
        double[][] x = target(t);
        double[][] mu = output(t);
        for (int i = 0; i < TinyGraph.BATCH; i++) {
            double nll = 0;
            for (int j = 0; j < TinyGraph.D; j++) {
                nll += -Math.log(Math.exp(-Math.abs(x[i][j] - mu[i][j]) / 0.3) / (2 * 0.3));
            }
            assertThat(raw.getDouble(i)).isCloseTo(nll, within(1e-10));
        }
    }

    /** 1 / integral_0^1 lambda^x (1 - lambda)^(1-x) dx by composite Simpson's rule. */
    private static double normaliserByQuadrature(double lambda) {
        int n = 20_000;
        double h = 1.0 / n;
        double sum = 0;
        for (int k = 0; k <= n; k++) {
            double x = k * h;
            double f = Math.pow(lambda, x) * Math.pow(1 - lambda, 1 - x);
            sum += (k == 0 || k == n ? 1 : k % 2 == 1 ? 4 : 2) * f;
        }
        return 1.0 / (sum * h / 3);
    }

    @Test
    void theContinuousBernoulliNormaliserMatchesNumericalIntegrationIncludingAtAndNearOneHalf() {
        double[] logits = {0.0, 1e-7, -1e-4, 0.01, -0.0499, 0.05, 0.0501, -0.3, 1.0, -4.0, 12.0};
        SameDiff sd = SameDiff.create();
        SDVariable l = sd.var("l", Nd4j.createFromArray(logits));
        SDVariable logC = ContinuousBernoulliReconstruction.logNormaliser(sd, l);
        double[] got = sd.output(Map.of(), logC.name()).get(logC.name()).toDoubleVector();
        for (int i = 0; i < logits.length; i++) {
            double lambda = 1 / (1 + Math.exp(-logits[i]));
            assertThat(got[i]).as("logit %s", logits[i]).isCloseTo(Math.log(normaliserByQuadrature(lambda)), within(1e-9));
        }
        assertThat(got[0]).as("log 2, up to the blend's O(t^6) residual").isCloseTo(Math.log(2), within(1e-11));
        // its gradient is finite at lambda = 1/2 and matches the Taylor slope l/6 - 7 l^3/360 nearby
        sd.setLossVariables(logC.sum().name());
        double[] grad = sd.calculateGradients(Map.of(), "l").get("l").toDoubleVector();
        assertThat(grad[0]).isZero();
        assertThat(grad[3]).isCloseTo(0.01 / 6 - 7 * 1e-6 / 360, within(1e-12));
        for (double g : grad) {
            assertThat(Double.isFinite(g)).isTrue();
        }
    }

    @Test
    void continuousBernoulliIsTheBceMinusTheLogNormaliserAndItsMeanIsTheDistributionsMean() {
        TinyGraph t = new TinyGraph(new TinyGraph.StubPrior(true));
        ContinuousBernoulliReconstruction term = new ContinuousBernoulliReconstruction(
                new ContinuousBernoulliReconstruction.Spec(1.0));
        INDArray raw = t.evalArray(t.perExample(term));
        INDArray mean = t.evalArray(term.mean(t.g, t.decoderOutput));
        double[][] x = target(t);
        double[][] l = output(t);
        for (int i = 0; i < TinyGraph.BATCH; i++) {
            double nll = 0;
            for (int j = 0; j < TinyGraph.D; j++) {
                double lambda = 1 / (1 + Math.exp(-l[i][j]));
                nll += ModelGraph.bce(x[i][j], l[i][j]) - Math.log(normaliserByQuadrature(lambda));
                // E[x] = integral x p(x) dx, by the closed form of the paper
                double expected = lambda / (2 * lambda - 1) + 1 / (2 * atanh(1 - 2 * lambda));
                assertThat(mean.getDouble(i, j)).isCloseTo(expected, within(1e-6));
            }
            assertThat(raw.getDouble(i)).isCloseTo(nll, within(1e-8));
        }
    }

    private static double atanh(double x) {
        return 0.5 * Math.log((1 + x) / (1 - x));
    }

    @Test
    void learnedGaussianIsTheGaussianNllWithItsSigmaAndCreatesOneParameterPerGraph() {
        for (LearnedGaussianReconstruction.Sigma mode : List.of(LearnedGaussianReconstruction.Sigma.GLOBAL,
                LearnedGaussianReconstruction.Sigma.PER_PIXEL)) {
            TinyGraph t = new TinyGraph(new TinyGraph.StubPrior(true));
            LearnedGaussianReconstruction term = new LearnedGaussianReconstruction(
                    new LearnedGaussianReconstruction.Spec(1.0, mode, 0.4));
            SDVariable first = t.perExample(term);
            SDVariable again = term.negLogLikelihood(t.g, t.target, t.decoderOutput);
            assertThat(t.parameterNames()).filteredOn(n -> n.endsWith("log-sigma")).containsExactly("loss/log-sigma");
            assertThat(term.logSigma(t.g).getShape()).containsExactly(mode == LearnedGaussianReconstruction.Sigma.GLOBAL ? 1 : TinyGraph.D);
            double[][] x = target(t);
            double[][] mu = output(t);
            INDArray raw = t.evalArray(first);
            INDArray rawAgain = t.evalArray(again);
            for (int i = 0; i < TinyGraph.BATCH; i++) {
                double nll = 0;
                for (int j = 0; j < TinyGraph.D; j++) {
                    double r = x[i][j] - mu[i][j];
                    nll += r * r / (2 * 0.16) + Math.log(0.4) + 0.5 * Math.log(2 * Math.PI);
                }
                assertThat(raw.getDouble(i)).as("%s", mode).isCloseTo(nll, within(1e-10));
                assertThat(rawAgain.getDouble(i)).isEqualTo(raw.getDouble(i));
            }
            // d/ds of sum_i [r^2 exp(-2s)/2 + s] at s = log 0.4: sum_i (1 - r^2 / 0.16), over examples (global)
            Map<String, INDArray> grads = t.gradients(first);
            double expected = 0;
            for (int i = 0; i < TinyGraph.BATCH; i++) {
                for (int j = 0; j < TinyGraph.D; j++) {
                    double r = x[i][j] - mu[i][j];
                    expected += 1 - r * r / 0.16;
                }
            }
            assertThat(grads.get("loss/log-sigma").sumNumber().doubleValue()).isCloseTo(expected, within(1e-9));
        }
    }

    @Test
    void decoderSigmaReadsTheMeanAndTheFlooredLogSigmaFromTheDecoderOutput() {
        double[][] x = {{0.2, 0.9}, {0.0, 0.5}};
        double[][] out = {{0.1, 0.7, -0.3, 2.0}, {0.4, 0.5, -9.0, 0.0}};   // means, then raw log sigmas
        double initial = 0.5;
        SameDiff sd = SameDiff.create();
        SeededGraphContext g = new SeededGraphContext(sd, DataType.DOUBLE, new ImageShape(1, 1, 2), 1, 1);
        LearnedGaussianReconstruction term = new LearnedGaussianReconstruction(
                new LearnedGaussianReconstruction.Spec(1.0, LearnedGaussianReconstruction.Sigma.DECODER, initial));
        assertThat(term.outputsPerPixel()).isEqualTo(2);
        SDVariable output = sd.var("out", Nd4j.create(out));
        SDVariable nll = term.negLogLikelihood(g, sd.constant(Nd4j.create(x)), output);
        SDVariable mean = term.mean(g, output);
        assertThat(sd.variables().stream().filter(v -> v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE))
                .as("no log-sigma parameter").hasSize(1);
        Map<String, INDArray> values = sd.output(Map.of(), nll.name(), mean.name());
        SDVariable loss = nll.sum();
        sd.setLossVariables(loss.name());
        double[][] grad = sd.calculateGradients(Map.of(), "out").get("out").toDoubleMatrix();
        for (int i = 0; i < 2; i++) {
            double expected = 0;
            for (int j = 0; j < 2; j++) {
                double a = out[i][2 + j] + Math.log(initial) + 6;
                double s = -6 + Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a)));
                double r = x[i][j] - out[i][j];
                expected += r * r * Math.exp(-2 * s) / 2 + s + 0.5 * Math.log(2 * Math.PI);
                assertThat(values.get(mean.name()).getDouble(i, j)).isEqualTo(out[i][j]);
                assertThat(grad[i][j]).as("d/d mean").isCloseTo(-r * Math.exp(-2 * s), within(1e-10));
                assertThat(grad[i][2 + j]).as("d/d raw log sigma")
                        .isCloseTo((1 - r * r * Math.exp(-2 * s)) / (1 + Math.exp(-a)), within(1e-10));
            }
            assertThat(values.get(nll.name()).getDouble(i)).isCloseTo(expected, within(1e-10));
        }
        // the floor: a raw output of -9 gives log sigma just above -6, not -9 + log 0.5
        assertThat(-6 + Math.log1p(Math.exp(-9.0 + Math.log(initial) + 6))).isGreaterThan(-6);
    }
}
