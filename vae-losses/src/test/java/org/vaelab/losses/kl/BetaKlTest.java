package org.vaelab.losses.kl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.loss.ElboPart;
import org.vaelab.losses.TinyGraph;

class BetaKlTest {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    @Test
    void describesItselfAndItsCoefficientIsBeta() {
        BetaKl term = new BetaKl(new BetaKlSpec(2.0, 4.0));
        assertThat(term.name()).isEqualTo("kl");
        assertThat(term.elboPart()).isEqualTo(ElboPart.KL);
        assertThat(term.coefficient()).isEqualTo(4.0);
        assertThat(new BetaKl(BetaKlSpec.defaults()).coefficient()).isEqualTo(1.0);
        assertThat(new BetaKl(new BetaKlSpec(1.0, 0.0)).coefficient()).isZero();
    }

    @Test
    void usesThePriorsClosedFormWhenItHasOne() {
        TinyGraph.StubPrior prior = new TinyGraph.StubPrior(true);
        TinyGraph t = new TinyGraph(prior);
        SDVariable value = t.perExample(new BetaKl(new BetaKlSpec(1.0, 4.0)));

        INDArray raw = t.evalArray(value);
        Map<String, double[][]> v = t.eval(t.posterior.mean(), t.posterior.logVar());
        double[][] mean = v.get(t.posterior.mean().name());
        double[][] logVar = v.get(t.posterior.logVar().name());

        assertThat(prior.analyticKlCalls).isEqualTo(1);
        assertThat(prior.logProbCalls).isZero();
        assertThat(raw.shape()).containsExactly(TinyGraph.BATCH);
        for (int i = 0; i < TinyGraph.BATCH; i++) {
            double kl = 0.0;
            for (int j = 0; j < TinyGraph.LATENT; j++) {
                kl += 0.5 * (Math.exp(logVar[i][j]) + mean[i][j] * mean[i][j] - 1.0 - logVar[i][j]);
            }
            assertThat(raw.getDouble(i)).as("row %d (raw KL, not scaled by beta)", i).isCloseTo(kl, within(1e-12));
        }
    }

    @Test
    void fallsBackToTheSingleSampleMonteCarloEstimateAtThePassesZ() {
        TinyGraph.StubPrior prior = new TinyGraph.StubPrior(false);
        TinyGraph t = new TinyGraph(prior);
        SDVariable value = t.perExample(new BetaKl(BetaKlSpec.defaults()));

        INDArray raw = t.evalArray(value);
        Map<String, double[][]> v = t.eval(t.posterior.mean(), t.posterior.logVar(), t.z);
        double[][] mean = v.get(t.posterior.mean().name());
        double[][] logVar = v.get(t.posterior.logVar().name());
        double[][] z = v.get(t.z.name());

        assertThat(prior.analyticKlCalls).isEqualTo(1);
        assertThat(prior.logProbCalls).isEqualTo(1);
        assertThat(raw.shape()).containsExactly(TinyGraph.BATCH);
        for (int i = 0; i < TinyGraph.BATCH; i++) {
            double logQ = 0.0;
            double logP = 0.0;
            double analytic = 0.0;
            for (int j = 0; j < TinyGraph.LATENT; j++) {
                double variance = Math.exp(logVar[i][j]);
                double r = z[i][j] - mean[i][j];
                logQ += -0.5 * (LOG_2PI + logVar[i][j]) - r * r / (2 * variance);
                logP += -0.5 * LOG_2PI - 0.5 * z[i][j] * z[i][j];
                analytic += 0.5 * (variance + mean[i][j] * mean[i][j] - 1.0 - logVar[i][j]);
            }
            assertThat(raw.getDouble(i)).as("row %d", i).isCloseTo(logQ - logP, within(1e-12));
            assertThat(raw.getDouble(i)).as("a single sample, not the closed form").isNotCloseTo(analytic, within(1e-3));
        }
    }

    @Test
    void bothPathsGiveEncoderGradientsAndLeaveTheDecoderAlone() {
        for (boolean analytic : new boolean[] {true, false}) {
            TinyGraph t = new TinyGraph(new TinyGraph.StubPrior(analytic));
            List<String> encoder = t.parameterNames().stream().filter(n -> n.startsWith("encoder/")).toList();
            SDVariable loss = t.perExample(new BetaKl(BetaKlSpec.defaults())).sum();
            t.sd.setLossVariables(loss.name());
            Map<String, INDArray> grads = t.sd.calculateGradients(t.feed, encoder);

            assertThat(encoder).hasSize(4);
            for (String name : encoder) {
                INDArray grad = grads.get(name);
                assertThat(grad).as("%s (analytic %s)", name, analytic).isNotNull();
                assertThat(grad.isNaN().any() || grad.isInfinite().any()).isFalse();
                assertThat(grad.norm2Number().doubleValue()).as(name).isGreaterThan(0.0);
            }
        }
    }
}
