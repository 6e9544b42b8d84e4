package org.vaelab.losses.occlusion;

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

class OcclusionWeightedReconstructionTest {

    private static final double SIGMA = 0.5;

    private static OcclusionWeightedReconstruction term(PixelLikelihood likelihood, double lambdaHidden,
            double lambdaVisible) {
        return new OcclusionWeightedReconstruction(
                new OcclusionWeightedSpec(1.0, likelihood, SIGMA, lambdaHidden, lambdaVisible));
    }

    /** The plain per-pixel negative log-likelihood, in plain Java. */
    private static double nll(PixelLikelihood likelihood, double x, double out) {
        return likelihood == PixelLikelihood.BERNOULLI ? PixelGraph.bernoulliNll(x, out) : PixelGraph.gaussianNll(x, out, SIGMA);
    }

    /** d nll / d out of the plain per-pixel negative log-likelihood, in plain Java. */
    private static double nllGradient(PixelLikelihood likelihood, double x, double out) {
        return likelihood == PixelLikelihood.BERNOULLI ? 1.0 / (1.0 + Math.exp(-out)) - x : (out - x) / (SIGMA * SIGMA);
    }

    @Test
    void describesItself() {
        OcclusionWeightedReconstruction t = new OcclusionWeightedReconstruction(OcclusionWeightedSpec.defaults());
        assertThat(t.name()).isEqualTo("occlusion");
        assertThat(t.elboPart()).isEqualTo(ElboPart.RECONSTRUCTION);
        assertThat(t.coefficient()).isEqualTo(1.0);
        assertThat(t).isInstanceOf(ReconstructionTerm.class);
    }

    @ParameterizedTest
    @EnumSource(PixelLikelihood.class)
    void unitLambdasGiveThePlainReconstructionNll(PixelLikelihood likelihood) {
        PixelGraph p = PixelGraph.random(11, 3, 6);
        SDVariable value = p.perExample(term(likelihood, 1.0, 1.0));
        ReconstructionTerm plain = likelihood == PixelLikelihood.BERNOULLI
                ? new BernoulliReconstruction(BernoulliReconstructionSpec.defaults())
                : new GaussianReconstruction(new GaussianReconstructionSpec(1.0, SIGMA));
        SDVariable reference = p.perExample(plain);

        double[] v = p.vector(value);
        double[] ref = p.vector(reference);
        assertThat(v).hasSize(3);
        for (int i = 0; i < v.length; i++) {
            double javaNll = 0.0;
            for (int j = 0; j < 6; j++) {
                javaNll += nll(likelihood, p.targetValues[i][j], p.outValues[i][j]);
            }
            assertThat(v[i]).as("row %d vs the %s term", i, likelihood).isCloseTo(ref[i], within(1e-10));
            assertThat(v[i]).as("row %d vs plain Java", i).isCloseTo(javaNll, within(1e-10));
        }
    }

    @Test
    void handComputedBernoulliCase() {
        // logits 0 give nll = ln 2 whatever the target; logit +-ln 3 gives p = 3/4 or 1/4, and the
        // targets below make each of those cost ln(4/3)
        double ln3 = Math.log(3.0);
        PixelGraph p = new PixelGraph(
                new double[][] {{1, 0, 1, 0}, {0, 1, 0, 1}},
                new double[][] {{0, 0, 1, 0}, {0, 1, 0, 0}},
                new double[][] {{1, 1, 0, 0}, {0, 0, 0, 1}},
                new double[][] {{0, 0, ln3, -ln3}, {0, 0, 0, 0}});
        double[] v = p.vector(p.perExample(term(PixelLikelihood.BERNOULLI, 3.0, 0.5)));

        assertThat(v[0]).isCloseTo(3.0 * 2 * Math.log(2) + 0.5 * 2 * Math.log(4.0 / 3.0), within(1e-12));
        assertThat(v[1]).isCloseTo((0.5 * 3 + 3.0) * Math.log(2), within(1e-12));
    }

    @Test
    void handComputedGaussianCase() {
        // sigma 1/2: per pixel 2 r^2 + ln(1/2) + ln(2 pi)/2 with r = x - mu = (-1/2, 1/2, 0, -1/4);
        // weights (2, 1/2, 2, 1/2): 2 * 1/2 + 1/2 * 1/2 + 0 + 1/2 * 1/8 = 1.3125, constants 5 times
        PixelGraph p = new PixelGraph(
                new double[][] {{0, 1, 0.5, 0.25}},
                new double[][] {{0, 0, 0, 0.25}},
                new double[][] {{1, 0, 1, 0}},
                new double[][] {{0.5, 0.5, 0.5, 0.5}});
        double[] v = p.vector(p.perExample(term(PixelLikelihood.GAUSSIAN, 2.0, 0.5)));

        assertThat(v).hasSize(1);
        assertThat(v[0]).isCloseTo(1.3125 + 5 * (Math.log(0.5) + 0.5 * Math.log(2 * Math.PI)), within(1e-12));
    }

    @ParameterizedTest
    @EnumSource(PixelLikelihood.class)
    void weightsEachPixelByItsMaskAndNegLogLikelihoodStaysUnweighted(PixelLikelihood likelihood) {
        PixelGraph p = PixelGraph.random(23, 3, 5);
        OcclusionWeightedReconstruction t = term(likelihood, 3.0, 0.25);
        SDVariable weighted = p.perExample(t);
        SDVariable unweighted = t.negLogLikelihood(p.g, p.target, p.out);

        double[] w = p.vector(weighted);
        double[] u = p.vector(unweighted);
        for (int i = 0; i < 3; i++) {
            double expectedWeighted = 0.0;
            double expectedPlain = 0.0;
            for (int j = 0; j < 5; j++) {
                double n = nll(likelihood, p.targetValues[i][j], p.outValues[i][j]);
                expectedWeighted += (p.maskValues[i][j] == 1.0 ? 3.0 : 0.25) * n;
                expectedPlain += n;
            }
            assertThat(w[i]).as("row %d, R", i).isCloseTo(expectedWeighted, within(1e-11));
            assertThat(u[i]).as("row %d, plain NLL", i).isCloseTo(expectedPlain, within(1e-11));
            assertThat(w[i]).isNotCloseTo(u[i], within(1e-3));
        }
    }

    @ParameterizedTest
    @EnumSource(PixelLikelihood.class)
    void gradientIsLambdaTimesThePlainGradientOnEachPixel(PixelLikelihood likelihood) {
        PixelGraph p = PixelGraph.random(31, 3, 5);
        double[][] grad = p.gradientOfOut(p.perExample(term(likelihood, 3.0, 0.25)));

        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 5; j++) {
                double plain = nllGradient(likelihood, p.targetValues[i][j], p.outValues[i][j]);
                boolean hidden = p.maskValues[i][j] == 1.0;
                assertThat(grad[i][j]).as("(%d, %d), %s", i, j, hidden ? "hidden" : "visible")
                        .isCloseTo((hidden ? 3.0 : 0.25) * plain, within(1e-12));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(PixelLikelihood.class)
    void zeroLambdaVisibleLeavesVisiblePixelsWithExactlyZeroGradient(PixelLikelihood likelihood) {
        PixelGraph p = PixelGraph.random(47, 3, 5);
        double[][] grad = p.gradientOfOut(p.perExample(term(likelihood, 2.0, 0.0)));

        int hiddenPixels = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 5; j++) {
                if (p.maskValues[i][j] == 1.0) {
                    hiddenPixels++;
                    double plain = nllGradient(likelihood, p.targetValues[i][j], p.outValues[i][j]);
                    assertThat(grad[i][j]).as("hidden (%d, %d)", i, j).isCloseTo(2.0 * plain, within(1e-12));
                    assertThat(Math.abs(grad[i][j])).isGreaterThan(1e-6);
                } else {
                    assertThat(Math.abs(grad[i][j])).as("visible (%d, %d)", i, j).isEqualTo(0.0);
                }
            }
        }
        assertThat(hiddenPixels).isBetween(3, 12);
    }

    @Test
    void everyParameterOfATinyVaeGetsAFiniteNonZeroGradient() {
        TinyGraph t = new TinyGraph(new TinyGraph.StubPrior(true));
        SDVariable mask = t.sd.placeHolder("mask", org.nd4j.linalg.api.buffer.DataType.DOUBLE, -1, TinyGraph.D);
        t.feed.put("mask", org.nd4j.linalg.factory.Nd4j.create(new double[][] {{1, 0, 0, 1}, {0, 1, 1, 0}, {1, 1, 0, 0}}));
        ForwardPass fp = new ForwardPass(t.target, t.input, mask, t.posterior, t.z, t.decoderOutput, t.pass.prior());
        SDVariable value = term(PixelLikelihood.BERNOULLI, 4.0, 0.5).perExample(t.g, fp);
        Map<String, INDArray> grads = t.gradients(value);

        assertThat(grads.keySet()).containsExactlyInAnyOrderElementsOf(t.parameterNames()).hasSize(6);
        grads.forEach((name, grad) -> {
            assertThat(grad.isInfinite().any() || grad.isNaN().any()).as(name).isFalse();
            assertThat(grad.norm2Number().doubleValue()).as(name).isGreaterThan(0.0);
        });
    }

    @Test
    void withoutAMaskItAsksForACorruptionThatYieldsOne() {
        OcclusionWeightedReconstruction t = new OcclusionWeightedReconstruction(OcclusionWeightedSpec.defaults());
        double[][] x = {{0.1, 0.2}};
        PixelGraph uncorrupted = new PixelGraph(x, null, null, x);
        PixelGraph maskless = new PixelGraph(x, new double[][] {{0.3, 0.4}}, null, x);

        assertThatThrownBy(() -> uncorrupted.perExample(t))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("occlusion-weighted-reconstruction")
                .hasMessageContaining("`corruption`")
                .hasMessageContaining("block-occlusion").hasMessageContaining("random-erasing")
                .hasMessageContaining("salt-and-pepper")
                .hasMessageContaining("no corruption is configured");
        assertThatThrownBy(() -> maskless.perExample(t))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("block-occlusion")
                .hasMessageContaining("the configured corruption yields no mask");
        // the likelihood itself needs no mask: the runner's eval/recon still works
        assertThat(maskless.vector(t.negLogLikelihood(maskless.g, maskless.target, maskless.out))).hasSize(1);
    }

    @Test
    void meanFollowsTheLikelihood() {
        PixelGraph p = PixelGraph.random(5, 2, 3);
        SDVariable sigmoid = term(PixelLikelihood.BERNOULLI, 1.0, 1.0).mean(p.g, p.out);
        double[][] probs = p.matrix(sigmoid);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                assertThat(probs[i][j]).isCloseTo(1.0 / (1.0 + Math.exp(-p.outValues[i][j])), within(1e-14));
            }
        }
        assertThat(term(PixelLikelihood.GAUSSIAN, 1.0, 1.0).mean(p.g, p.out)).isSameAs(p.out);
    }
}
