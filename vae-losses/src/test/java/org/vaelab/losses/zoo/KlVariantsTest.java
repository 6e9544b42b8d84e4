package org.vaelab.losses.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.loss.ElboPart;
import org.vaelab.losses.TinyGraph;
import org.vaelab.losses.kl.BetaKl;
import org.vaelab.losses.kl.BetaKlCapacity;
import org.vaelab.losses.kl.BetaKlSpec;
import org.vaelab.losses.kl.FreeBits;
import org.vaelab.losses.schedule.LinearSchedule;

/** beta-kl with a schedule, capacity annealing and free bits, against the closed-form KL computed here. */
class KlVariantsTest {

    /** The closed-form KL to N(0, I) per example and dimension, from the graph's evaluated posterior. */
    private static double[][] klPerDimension(TinyGraph t) {
        Map<String, double[][]> v = t.eval(t.posterior.mean(), t.posterior.logVar());
        double[][] mean = v.get(t.posterior.mean().name());
        double[][] logVar = v.get(t.posterior.logVar().name());
        double[][] kl = new double[TinyGraph.BATCH][TinyGraph.LATENT];
        for (int i = 0; i < TinyGraph.BATCH; i++) {
            for (int j = 0; j < TinyGraph.LATENT; j++) {
                kl[i][j] = 0.5 * (Math.exp(logVar[i][j]) + mean[i][j] * mean[i][j] - 1 - logVar[i][j]);
            }
        }
        return kl;
    }

    private static double meanKl(TinyGraph t) {
        double sum = 0;
        for (double[] row : klPerDimension(t)) {
            for (double v : row) {
                sum += v;
            }
        }
        return sum / TinyGraph.BATCH;
    }

    private static void step(TinyGraph t, double step) {
        t.feed.put("feed/step", Nd4j.scalar(DataType.DOUBLE, step));
    }

    @Test
    void withoutAScheduleBetaKlAddsNoInputAndWithOneTheScheduleWeighsTheRawKl() {
        TinyGraph plain = new TinyGraph(new TinyGraph.StubPrior(true));
        plain.perExample(new BetaKl(BetaKlSpec.defaults()));
        assertThat(plain.g.inputs()).isEmpty();
        assertThat(new BetaKl(BetaKlSpec.defaults()).scheduledCoefficient(plain.g)).isEmpty();

        LinearSchedule.Spec ramp = new LinearSchedule.Spec(0.0, 1.0, 4);
        BetaKl scheduled = new BetaKl(new BetaKlSpec(1.0, 2.0, ramp), new LinearSchedule(ramp));
        assertThat(scheduled.elboPart()).as("the logged value stays the raw KL").isEqualTo(ElboPart.KL);
        assertThat(scheduled.coefficient()).isEqualTo(2.0);
        TinyGraph t = new TinyGraph(new TinyGraph.StubPrior(true));
        SDVariable value = t.perExample(scheduled);
        SDVariable weight = scheduled.scheduledCoefficient(t.g).orElseThrow();
        double[][] kl = klPerDimension(t);
        for (double s : new double[] {0, 1, 3, 10}) {
            step(t, s);
            INDArray raw = t.evalArray(value);
            assertThat(t.evalArray(weight).getDouble(0)).isCloseTo(Math.min(1, s / 4), within(1e-12));
            for (int i = 0; i < TinyGraph.BATCH; i++) {
                assertThat(raw.getDouble(i)).isCloseTo(kl[i][0] + kl[i][1], within(1e-12));
            }
        }
    }

    @Test
    void capacityIsGammaTimesTheDistanceOfTheBatchMeanKlFromTheGrowingCapacity() {
        BetaKlCapacity term = new BetaKlCapacity(new BetaKlCapacity.Spec(1.0, 1000.0, 5.0, 10));
        assertThat(term.coefficient()).isEqualTo(1000.0);
        TinyGraph t = new TinyGraph(new TinyGraph.StubPrior(true));
        SDVariable value = t.perExample(term);
        double kl = meanKl(t);
        // step 0: C = 0, the penalty is |KL|; the end (and beyond): C = C_max; half way: C_max / 2
        for (double[] stepAndCapacity : new double[][] {{0, 0}, {5, 2.5}, {10, 5}, {50, 5}}) {
            step(t, stepAndCapacity[0]);
            INDArray raw = t.evalArray(value);
            assertThat(raw.shape()).containsExactly(TinyGraph.BATCH);
            for (int i = 0; i < TinyGraph.BATCH; i++) {
                assertThat(raw.getDouble(i)).as("step %s", stepAndCapacity[0])
                        .isCloseTo(Math.abs(kl - stepAndCapacity[1]), within(1e-12));
            }
        }
        assertThat(new BetaKlCapacity.Spec(null, null, null, null)).isEqualTo(new BetaKlCapacity.Spec(1.0, 1000.0, 25.0, 100_000));
    }

    @Test
    void freeBitsFloorsEachDimensionsBatchMeanKl() {
        TinyGraph probe = new TinyGraph(new TinyGraph.StubPrior(true));
        double[][] kl = klPerDimension(probe);
        double[] meanPerDim = new double[TinyGraph.LATENT];
        for (double[] row : kl) {
            for (int j = 0; j < TinyGraph.LATENT; j++) {
                meanPerDim[j] += row[j] / TinyGraph.BATCH;
            }
        }
        // a floor between the two dimensions' KLs: one is lifted, the other kept
        double lambda = (meanPerDim[0] + meanPerDim[1]) / 2;
        double expected = Math.max(lambda, meanPerDim[0]) + Math.max(lambda, meanPerDim[1]);
        assertThat(expected).isGreaterThan(meanPerDim[0] + meanPerDim[1]);
        for (double floor : new double[] {0.0, lambda, 100.0}) {
            TinyGraph t = new TinyGraph(new TinyGraph.StubPrior(true));
            INDArray raw = t.evalArray(t.perExample(new FreeBits(new FreeBits.Spec(1.0, floor))));
            double want = Math.max(floor, meanPerDim[0]) + Math.max(floor, meanPerDim[1]);
            for (int i = 0; i < TinyGraph.BATCH; i++) {
                assertThat(raw.getDouble(i)).as("lambda %s", floor).isCloseTo(want, within(1e-12));
            }
        }
        // above the floor a dimension gets the KL's gradient; below it, none
        TinyGraph t = new TinyGraph(new TinyGraph.StubPrior(true));
        Map<String, INDArray> grads = t.gradients(t.perExample(new FreeBits(new FreeBits.Spec(1.0, 100.0))));
        assertThat(grads.get("encoder/mean/w").norm2Number().doubleValue()).isZero();
        TinyGraph u = new TinyGraph(new TinyGraph.StubPrior(true));
        Map<String, INDArray> free = u.gradients(u.perExample(new FreeBits(new FreeBits.Spec(1.0, 0.0))));
        assertThat(free.get("encoder/mean/w").norm2Number().doubleValue()).isPositive();
    }
}
