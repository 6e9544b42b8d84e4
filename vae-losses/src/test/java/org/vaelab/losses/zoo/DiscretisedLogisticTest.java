package org.vaelab.losses.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.losses.PixelGraph;
import org.vaelab.losses.recon.learned.LearnedGaussianReconstruction.Sigma;
import org.vaelab.losses.recon.logistic.DiscretisedLogisticReconstruction;

/** The discretised logistic against bin probabilities computed directly as CDF differences. */
class DiscretisedLogisticTest {

    private static double cdf(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /**
     * -log P(x) straight from the CDF: the bin [x - d, x + d], the edge bins reaching to -inf and +inf; above the
     * mean by the upper tail, 1 - F(t) = F(-t), so that double precision does not cancel.
     */
    private static double directNll(double x, double mu, double scale, int bins) {
        double d = 0.5 / (bins - 1);
        double a = x >= 1 - d ? Double.POSITIVE_INFINITY : (x + d - mu) / scale;
        double b = x < d ? Double.NEGATIVE_INFINITY : (x - d - mu) / scale;
        return -Math.log(b > 0 ? cdf(-b) - cdf(-a) : cdf(a) - cdf(b));
    }

    private static DiscretisedLogisticReconstruction term(Sigma scale, double initial, int bins) {
        return new DiscretisedLogisticReconstruction(new DiscretisedLogisticReconstruction.Spec(1.0, scale, initial, bins));
    }

    @Test
    void theNllIsMinusTheLogOfTheBinsCdfDifferenceWithOpenEdgeBins() {
        double[][] x = {{0, 1 / 255.0, 128 / 255.0, 1}, {254 / 255.0, 1, 0, 37 / 255.0}};
        double[][] mu = {{0.02, -0.1, 0.4, 0.95}, {1.3, 0.5, 0.6, 0.15}};
        for (Sigma mode : java.util.List.of(Sigma.GLOBAL, Sigma.PER_PIXEL)) {
            PixelGraph p = new PixelGraph(x, null, null, mu);
            DiscretisedLogisticReconstruction t = term(mode, 0.05, 256);
            SDVariable nll = p.perExample(t);
            double[] scales = {0.05, 0.05, 0.05, 0.05};
            if (mode == Sigma.PER_PIXEL) {
                scales = new double[] {0.01, 0.2, 0.003, 0.07};
                p.sd.getVariable("loss/log-scale").setArray(Nd4j.createFromArray(
                        Math.log(scales[0]), Math.log(scales[1]), Math.log(scales[2]), Math.log(scales[3])));
            }
            assertThat(t.logScale(p.g).getShape()).containsExactly(mode == Sigma.GLOBAL ? 1 : 4);
            double[] got = p.vector(nll);
            for (int i = 0; i < x.length; i++) {
                double expected = 0;
                for (int j = 0; j < 4; j++) {
                    expected += directNll(x[i][j], mu[i][j], scales[j], 256);
                }
                assertThat(got[i]).as("%s, row %d", mode, i).isCloseTo(expected, within(1e-9 * Math.max(1, expected)));
            }
        }
    }

    @Test
    void theBinProbabilitiesSumToOne() {
        for (int bins : new int[] {256, 4, 2}) {
            // two equal pixels per image (SameDiff M2.1 cannot sum over one): each row's NLL is -2 log P(k)
            double[][] x = new double[bins][2];
            double[][] mu = new double[bins][2];
            for (int k = 0; k < bins; k++) {
                x[k][0] = k / (bins - 1.0);
                x[k][1] = x[k][0];
                mu[k][0] = 0.37;
                mu[k][1] = 0.37;
            }
            PixelGraph p = new PixelGraph(x, null, null, mu);
            double[] nll = p.vector(p.perExample(term(Sigma.GLOBAL, 0.08, bins)));
            double total = 0;
            for (double v : nll) {
                assertThat(v).isPositive();
                total += Math.exp(-v / 2);
            }
            assertThat(total).as("%d bins", bins).isCloseTo(1.0, within(1e-12));
        }
    }

    @Test
    void farOffMeansAndTinyScalesStayFiniteWhereTheCdfDifferenceUnderflows() {
        // (x - mu) / scale of 10^4: both CDFs are 1 in double, yet the log-probability is about -a
        double[][] x = {{0.5, 0.2, 0, 1}};
        double[][] mu = {{-20.0, 40.0, 3.0, -3.0}};
        PixelGraph p = new PixelGraph(x, null, null, mu);
        SDVariable nll = p.perExample(term(Sigma.GLOBAL, 1e-3, 256));
        double got = p.vector(nll)[0];
        assertThat(Double.isFinite(got)).isTrue();
        // inside, -log P = -log(F(a) - F(b)) ~ a + softplus(-b) ... ~ |mu - x| / s for a far-off mean; edges: softplus
        assertThat(got).isGreaterThan(20_000 + 39_800);
        double[][] grad = p.gradientOfOut(nll);
        for (double g : grad[0]) {
            assertThat(Double.isFinite(g)).isTrue();
        }
    }

    @Test
    void gradientsOfTheMeansAndTheLogScaleMatchCentralDifferences() {
        double[][] x = {{0, 3 / 255.0, 0.5, 1}, {0.25, 1, 200 / 255.0, 0}};
        double[][] mu = {{0.1, 0.02, 0.45, 0.7}, {0.3, 0.9, 0.85, -0.05}};
        PixelGraph p = new PixelGraph(x, null, null, mu);
        DiscretisedLogisticReconstruction t = term(Sigma.PER_PIXEL, 0.06, 256);
        SDVariable nll = p.perExample(t);
        SDVariable loss = nll.sum();
        p.sd.setLossVariables(loss.name());
        Map<String, INDArray> grads = p.sd.calculateGradients(p.feed, "out", "loss/log-scale");
        for (String name : new String[] {"out", "loss/log-scale"}) {
            INDArray param = p.sd.getVariable(name).getArr();
            INDArray grad = grads.get(name);
            assertThat(grad.amaxNumber().doubleValue()).as(name).isPositive();
            for (long i = 0; i < param.length(); i++) {
                double v = param.getDouble(i);
                double h = 1e-6;
                param.putScalar(i, v + h);
                double up = p.sd.output(p.feed, loss.name()).get(loss.name()).getDouble(0);
                param.putScalar(i, v - h);
                double down = p.sd.output(p.feed, loss.name()).get(loss.name()).getDouble(0);
                param.putScalar(i, v);
                assertThat(grad.getDouble(i)).as("%s[%d]", name, i)
                        .isCloseTo((up - down) / (2 * h), within(1e-5 * Math.max(1, Math.abs(grad.getDouble(i)))));
            }
        }
    }

    @Test
    void theMeanIsTheCensoredLogisticsMeanAndMatchesTheBinsWithinRounding() {
        double[][] mu = {{-0.2, 0.05, 0.5, 0.93, 1.4}};
        PixelGraph p = new PixelGraph(new double[][] {{0, 0, 0, 0, 0}}, null, null, mu);
        DiscretisedLogisticReconstruction t = term(Sigma.GLOBAL, 0.1, 256);
        p.perExample(t);
        double[][] mean = p.matrix(t.mean(p.g, p.out));
        for (int j = 0; j < mu[0].length; j++) {
            double binned = 0;
            for (int k = 0; k < 256; k++) {
                binned += k / 255.0 * Math.exp(-directNll(k / 255.0, mu[0][j], 0.1, 256));
            }
            // E[clip(Y, 0, 1)] = integral_0^1 P(Y > y) dy, by Simpson's rule
            int n = 20_000;
            double censored = 0;
            for (int k = 0; k <= n; k++) {
                censored += (k == 0 || k == n ? 1 : k % 2 == 1 ? 4 : 2) * cdf((mu[0][j] - k / (double) n) / 0.1);
            }
            censored /= 3 * n;
            assertThat(mean[0][j]).as("mu %s", mu[0][j]).isCloseTo(censored, within(1e-10));
            assertThat(mean[0][j]).as("mu %s against the bins", mu[0][j]).isCloseTo(binned, within(1e-4));
        }
    }

    @Test
    void decoderScaleReadsTheLocationAndTheFlooredLogScaleFromTheDecoderOutput() {
        double[][] x = {{0, 128 / 255.0, 1, 37 / 255.0}};
        double[][] out = {{0.02, 0.4, 0.95, 0.15, -1.0, 0.5, -12.0, 0.0}};   // locations, then raw log-scales
        double initial = 0.1;
        org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
        var g = new org.vaelab.api.model.SeededGraphContext(sd, org.nd4j.linalg.api.buffer.DataType.DOUBLE,
                new org.vaelab.api.data.ImageShape(1, 2, 2), 1, 1);
        DiscretisedLogisticReconstruction t = term(Sigma.DECODER, initial, 256);
        assertThat(t.outputsPerPixel()).isEqualTo(2);
        SDVariable nll = t.negLogLikelihood(g, sd.constant(Nd4j.create(x)), sd.constant(Nd4j.create(out)));
        double expected = 0;
        for (int j = 0; j < 4; j++) {
            double a = out[0][4 + j] + Math.log(initial) + 6;
            double logScale = -6 + Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a)));
            expected += directNll(x[0][j], out[0][j], Math.exp(logScale), 256);
        }
        assertThat(sd.output(java.util.Map.of(), nll.name()).get(nll.name()).getDouble(0))
                .isCloseTo(expected, within(1e-9 * expected));
    }
}
