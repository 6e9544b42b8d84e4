package org.vaelab.losses.recon.gaussian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.loss.ElboPart;
import org.vaelab.losses.TinyGraph;

class GaussianReconstructionTest {

    @Test
    void describesItself() {
        GaussianReconstruction term = new GaussianReconstruction(GaussianReconstructionSpec.defaults());
        assertThat(term.name()).isEqualTo("recon");
        assertThat(term.elboPart()).isEqualTo(ElboPart.RECONSTRUCTION);
        assertThat(term.coefficient()).isEqualTo(1.0);
    }

    @Test
    void perExampleIsTheFullGaussianNllWithTheFixedSigma() {
        double sigma = 0.5;
        GaussianReconstruction term = new GaussianReconstruction(new GaussianReconstructionSpec(1.0, sigma));
        TinyGraph t = new TinyGraph(new TinyGraph.StubPrior(true));
        SDVariable value = t.perExample(term);

        INDArray raw = t.evalArray(value);
        double[][] mu = t.eval(t.decoderOutput).get(t.decoderOutput.name());
        double[][] target = t.feed.get("target").toDoubleMatrix();

        assertThat(raw.shape()).containsExactly(TinyGraph.BATCH);
        for (int i = 0; i < TinyGraph.BATCH; i++) {
            double nll = 0.0;
            for (int j = 0; j < TinyGraph.D; j++) {
                // -log N(x; mu, sigma^2), constant included
                double r = target[i][j] - mu[i][j];
                nll += r * r / (2 * sigma * sigma) + Math.log(sigma) + 0.5 * Math.log(2 * Math.PI);
            }
            assertThat(raw.getDouble(i)).as("row %d", i).isCloseTo(nll, within(1e-11));
        }
    }

    @Test
    void followsTheGaussianDensityAsSigmaChanges() {
        // unit sigma: sum r^2 / 2 + D log(2 pi) / 2; and between two sigmas:
        // NLL(sigma) - NLL(1) = sum r^2 (1/(2 sigma^2) - 1/2) + D log sigma
        TinyGraph t = new TinyGraph(new TinyGraph.StubPrior(true));
        SDVariable unit = t.perExample(new GaussianReconstruction(GaussianReconstructionSpec.defaults()));
        SDVariable two = t.perExample(new GaussianReconstruction(new GaussianReconstructionSpec(1.0, 2.0)));
        Map<String, double[][]> v = t.eval(unit, two, t.decoderOutput);
        double[][] mu = v.get(t.decoderOutput.name());
        double[][] target = t.feed.get("target").toDoubleMatrix();

        for (int i = 0; i < TinyGraph.BATCH; i++) {
            double squares = 0.0;
            for (int j = 0; j < TinyGraph.D; j++) {
                squares += (target[i][j] - mu[i][j]) * (target[i][j] - mu[i][j]);
            }
            double unitNll = squares / 2 + TinyGraph.D * 0.5 * Math.log(2 * Math.PI);
            assertThat(v.get(unit.name())[0][i]).isCloseTo(unitNll, within(1e-11));
            assertThat(v.get(two.name())[0][i] - v.get(unit.name())[0][i])
                    .isCloseTo(squares * (1.0 / 8 - 0.5) + TinyGraph.D * Math.log(2.0), within(1e-11));
        }
    }

    @Test
    void meanIsTheDecoderOutputAsIs() {
        TinyGraph t = new TinyGraph(new TinyGraph.StubPrior(true));
        GaussianReconstruction term = new GaussianReconstruction(GaussianReconstructionSpec.defaults());
        assertThat(term.mean(t.g, t.decoderOutput)).isSameAs(t.decoderOutput);
    }

    @Test
    void everyParameterGetsAFiniteNonZeroGradient() {
        TinyGraph t = new TinyGraph(new TinyGraph.StubPrior(true));
        Map<String, INDArray> grads = t.gradients(
                t.perExample(new GaussianReconstruction(GaussianReconstructionSpec.defaults())));

        assertThat(grads.keySet()).containsExactlyInAnyOrderElementsOf(t.parameterNames()).hasSize(6);
        grads.forEach((name, grad) -> {
            assertThat(grad.isInfinite().any() || grad.isNaN().any()).as(name).isFalse();
            assertThat(grad.norm2Number().doubleValue()).as(name).isGreaterThan(0.0);
        });
    }
}
