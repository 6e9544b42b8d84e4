package org.vaelab.losses.denoising;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.UserInputException;
import org.vaelab.api.loss.ElboPart;
import org.vaelab.api.loss.ForwardPass;
import org.vaelab.api.loss.ReconstructionTerm;
import org.vaelab.losses.PixelGraph;
import org.vaelab.losses.TinyGraph;
import org.vaelab.losses.recon.PixelLikelihood;
import org.vaelab.losses.recon.bernoulli.BernoulliReconstruction;
import org.vaelab.losses.recon.bernoulli.BernoulliReconstructionSpec;
import org.vaelab.losses.recon.gaussian.GaussianReconstruction;
import org.vaelab.losses.recon.gaussian.GaussianReconstructionSpec;

class DenoisingReconstructionTest {

    private static final double SIGMA = 0.5;

    private static DenoisingReconstruction term(PixelLikelihood likelihood) {
        return new DenoisingReconstruction(new DenoisingSpec(1.0, likelihood, SIGMA));
    }

    private static double nll(PixelLikelihood likelihood, double[] x, double[] out) {
        double sum = 0.0;
        for (int j = 0; j < x.length; j++) {
            sum += likelihood == PixelLikelihood.BERNOULLI
                    ? PixelGraph.bernoulliNll(x[j], out[j]) : PixelGraph.gaussianNll(x[j], out[j], SIGMA);
        }
        return sum;
    }

    @Test
    void describesItself() {
        DenoisingReconstruction t = new DenoisingReconstruction(DenoisingSpec.defaults());
        assertThat(t.name()).isEqualTo("denoise");
        assertThat(t.elboPart()).isEqualTo(ElboPart.RECONSTRUCTION);
        assertThat(t.coefficient()).isEqualTo(1.0);
        assertThat(t).isInstanceOf(ReconstructionTerm.class);
    }

    @ParameterizedTest
    @EnumSource(PixelLikelihood.class)
    void scoresTheCleanTargetNotTheCorruptedInputTheEncoderSaw(PixelLikelihood likelihood) {
        // the tiny VAE's encoder reads the "x" placeholder; "target" is fed different values
        TinyGraph t = new TinyGraph(new TinyGraph.StubPrior(true));
        SDVariable value = t.perExample(term(likelihood));

        INDArray raw = t.evalArray(value);
        double[][] out = t.eval(t.decoderOutput).get(t.decoderOutput.name());
        double[][] target = t.feed.get("target").toDoubleMatrix();
        double[][] input = t.feed.get("x").toDoubleMatrix();

        assertThat(raw.shape()).containsExactly(TinyGraph.BATCH);
        for (int i = 0; i < TinyGraph.BATCH; i++) {
            assertThat(raw.getDouble(i)).as("row %d", i).isCloseTo(nll(likelihood, target[i], out[i]), within(1e-11));
            assertThat(raw.getDouble(i)).as("not the corrupted input")
                    .isNotCloseTo(nll(likelihood, input[i], out[i]), within(1e-6));
        }
    }

    @ParameterizedTest
    @EnumSource(PixelLikelihood.class)
    void equalsThePlainReconstructionTermOfTheSameLikelihood(PixelLikelihood likelihood) {
        PixelGraph p = PixelGraph.random(3, 3, 5);
        ReconstructionTerm plain = likelihood == PixelLikelihood.BERNOULLI
                ? new BernoulliReconstruction(BernoulliReconstructionSpec.defaults())
                : new GaussianReconstruction(new GaussianReconstructionSpec(1.0, SIGMA));
        double[] v = p.vector(p.perExample(term(likelihood)));
        double[] ref = p.vector(p.perExample(plain));

        for (int i = 0; i < 3; i++) {
            assertThat(v[i]).isCloseTo(ref[i], within(1e-12));
            assertThat(v[i]).isCloseTo(nll(likelihood, p.targetValues[i], p.outValues[i]), within(1e-11));
        }
    }

    @Test
    void everyParameterGetsAFiniteNonZeroGradientThroughTheCorruptedInput() {
        TinyGraph t = new TinyGraph(new TinyGraph.StubPrior(true));
        Map<String, INDArray> grads = t.gradients(t.perExample(term(PixelLikelihood.BERNOULLI)));

        assertThat(grads.keySet()).containsExactlyInAnyOrderElementsOf(t.parameterNames()).hasSize(6);
        grads.forEach((name, grad) -> {
            assertThat(grad.isInfinite().any() || grad.isNaN().any()).as(name).isFalse();
            assertThat(grad.norm2Number().doubleValue()).as(name).isGreaterThan(0.0);
        });
    }

    @Test
    void withoutACorruptionItAsksForOne() {
        double[][] x = {{0.1, 0.9}};
        PixelGraph uncorrupted = new PixelGraph(x, null, null, x);
        DenoisingReconstruction t = new DenoisingReconstruction(DenoisingSpec.defaults());

        assertThat(uncorrupted.pass.input()).isSameAs(uncorrupted.pass.target());
        assertThatThrownBy(() -> uncorrupted.perExample(t))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("denoising")
                .hasMessageContaining("`corruption` section")
                .hasMessageContaining("gaussian-noise").hasMessageContaining("salt-and-pepper");
        // the likelihood itself still works, as the runner's eval/recon needs
        assertThat(uncorrupted.vector(t.negLogLikelihood(uncorrupted.g, uncorrupted.target, uncorrupted.out)))
                .containsExactly(new double[] {nll(PixelLikelihood.BERNOULLI, x[0], x[0])}, within(1e-12));
    }

    @Test
    void aCorruptionWithoutAMaskIsEnough() {
        PixelGraph p = new PixelGraph(new double[][] {{0.1, 0.9}}, new double[][] {{0.5, 0.5}}, null,
                new double[][] {{0.3, -0.2}});
        ForwardPass fp = p.pass;
        assertThat(fp.mask()).isNull();
        assertThat(p.vector(p.perExample(term(PixelLikelihood.GAUSSIAN))))
                .containsExactly(new double[] {nll(PixelLikelihood.GAUSSIAN, p.targetValues[0], p.outValues[0])},
                        within(1e-12));
    }

    @Test
    void meanFollowsTheLikelihood() {
        PixelGraph p = PixelGraph.random(5, 2, 3);
        double[][] probs = p.matrix(term(PixelLikelihood.BERNOULLI).mean(p.g, p.out));
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                assertThat(probs[i][j]).isCloseTo(1.0 / (1.0 + Math.exp(-p.outValues[i][j])), within(1e-14));
            }
        }
        assertThat(term(PixelLikelihood.GAUSSIAN).mean(p.g, p.out)).isSameAs(p.out);
    }
}
