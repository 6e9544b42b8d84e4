package org.vaelab.losses.recon.bernoulli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.loss.ElboPart;
import org.vaelab.losses.TinyGraph;

class BernoulliReconstructionTest {

    private final BernoulliReconstruction term = new BernoulliReconstruction(BernoulliReconstructionSpec.defaults());

    @Test
    void describesItself() {
        assertThat(term.name()).isEqualTo("recon");
        assertThat(term.elboPart()).isEqualTo(ElboPart.RECONSTRUCTION);
        assertThat(term.coefficient()).isEqualTo(1.0);
    }

    @Test
    void perExampleIsTheBernoulliNllOfTheCleanTargetSummedOverPixels() {
        TinyGraph t = new TinyGraph(new TinyGraph.StubPrior(true));
        SDVariable value = t.perExample(term);

        INDArray raw = t.evalArray(value);
        Map<String, double[][]> v = t.eval(value, t.decoderOutput);
        double[][] logits = v.get(t.decoderOutput.name());
        double[][] target = t.feed.get("target").toDoubleMatrix();
        double[][] input = t.feed.get("x").toDoubleMatrix();

        assertThat(raw.shape()).containsExactly(TinyGraph.BATCH);
        for (int i = 0; i < TinyGraph.BATCH; i++) {
            assertThat(raw.getDouble(i)).as("row %d", i).isCloseTo(naiveNll(target[i], logits[i]), within(1e-11));
            assertThat(raw.getDouble(i)).as("scores the target, not the corrupted input")
                    .isNotCloseTo(naiveNll(input[i], logits[i]), within(1e-6));
        }
    }

    @Test
    void meanIsTheSigmoidOfTheLogits() {
        TinyGraph t = new TinyGraph(new TinyGraph.StubPrior(true));
        SDVariable mean = term.mean(t.g, t.decoderOutput);

        Map<String, double[][]> v = t.eval(mean, t.decoderOutput);
        double[][] logits = v.get(t.decoderOutput.name());
        double[][] probs = v.get(mean.name());

        assertThat(probs.length).isEqualTo(TinyGraph.BATCH);
        for (int i = 0; i < TinyGraph.BATCH; i++) {
            assertThat(probs[i]).hasSize(TinyGraph.D);
            for (int j = 0; j < TinyGraph.D; j++) {
                assertThat(probs[i][j]).isCloseTo(1.0 / (1.0 + Math.exp(-logits[i][j])), within(1e-14));
            }
        }
    }

    @Test
    void everyParameterGetsAFiniteNonZeroGradient() {
        TinyGraph t = new TinyGraph(new TinyGraph.StubPrior(true));
        Map<String, INDArray> grads = t.gradients(t.perExample(term));

        assertThat(grads.keySet()).containsExactlyInAnyOrderElementsOf(t.parameterNames()).hasSize(6);
        grads.forEach((name, grad) -> {
            assertThat(grad).as(name).isNotNull();
            assertThat(grad.isInfinite().any() || grad.isNaN().any()).as(name).isFalse();
            assertThat(grad.norm2Number().doubleValue()).as(name).isGreaterThan(0.0);
        });
    }

    private static double naiveNll(double[] x, double[] logits) {
        double nll = 0.0;
        for (int j = 0; j < x.length; j++) {
            double p = 1.0 / (1.0 + Math.exp(-logits[j]));
            nll -= x[j] * Math.log(p) + (1.0 - x[j]) * Math.log(1.0 - p);
        }
        return nll;
    }
}
