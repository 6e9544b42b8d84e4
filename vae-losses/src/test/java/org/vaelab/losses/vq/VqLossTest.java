package org.vaelab.losses.vq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.UserInputException;
import org.vaelab.api.data.ImageShape;
import org.vaelab.api.loss.ForwardPass;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.model.Posterior;
import org.vaelab.api.model.SeededGraphContext;
import org.vaelab.api.model.VectorQuantiser;
import org.vaelab.losses.TinyGraph;

/** The codebook and commitment losses: their value, and which side each one's gradient reaches. */
class VqLossTest {

    /** Codes picked by a fixed one-hot choice from a learnable codebook. */
    private record FixedChoice(SDVariable choice, SDVariable codebook) implements VectorQuantiser {
        @Override
        public SDVariable quantised(GraphContext g, Posterior q) {
            return g.sd().mmul(choice, codebook);
        }

        @Override
        public SDVariable sample(GraphContext g, Posterior q, SDVariable eps) {
            return quantised(g, q);
        }

        @Override
        public SDVariable logDensity(GraphContext g, Posterior q, SDVariable z) {
            return z.mul(0.0).sum(1);
        }

        @Override
        public java.util.Optional<SDVariable> assignments(GraphContext g, Posterior q) {
            return java.util.Optional.of(choice);
        }
    }

    @Test
    void valueIsTheSquaredDistanceWithTheCommitmentWeightAndEachSideGetsItsOwnGradient() {
        SameDiff sd = SameDiff.create();
        GraphContext g = new SeededGraphContext(sd, DataType.DOUBLE, new ImageShape(1, 1, 1), 2, 1);
        double[][] ze = {{0.5, -1.0}, {2.0, 0.0}};
        double[][] codes = {{0.0, 0.0}, {1.0, 1.0}, {2.0, -1.0}};
        SDVariable encoderOut = sd.var("ze", Nd4j.create(ze));
        SDVariable codebook = sd.var("codebook", Nd4j.create(codes));
        SDVariable choice = sd.constant(Nd4j.create(new double[][] {{1, 0, 0}, {0, 0, 1}}));
        Posterior q = new Posterior(encoderOut, encoderOut.mul(0.0), new FixedChoice(choice, codebook));
        SDVariable x = sd.constant(Nd4j.zeros(DataType.DOUBLE, 2, 1));
        ForwardPass fp = new ForwardPass(x, x, null, q, encoderOut, x, new TinyGraph.StubPrior(true));
        SDVariable rows = new VqLoss(new VqLoss.Spec(1.0, 0.25)).perExample(g, fp);
        rows.sum("loss");
        sd.setLossVariables("loss");
        INDArray value = sd.output(Map.of(), rows.name()).get(rows.name());
        // |z_e - z_q|^2 = 0.25 + 1 = 1.25 and 0 + 1 = 1, each counted (1 + beta) times
        assertThat(value.getDouble(0)).isCloseTo(1.25 * 1.25, within(1e-12));
        assertThat(value.getDouble(1)).isCloseTo(1.0 * 1.25, within(1e-12));

        Map<String, INDArray> grads = sd.calculateGradients(Map.of(), List.of("ze", "codebook"));
        // commitment: d/dz_e beta |z_e - sg(z_q)|^2 = 2 beta (z_e - z_q)
        assertThat(grads.get("ze").getDouble(0, 0)).isCloseTo(2 * 0.25 * 0.5, within(1e-12));
        assertThat(grads.get("ze").getDouble(1, 1)).isCloseTo(2 * 0.25 * 1.0, within(1e-12));
        // codebook: d/de |sg(z_e) - e|^2 = 2 (e - z_e) on the chosen codes, 0 on the unused one
        assertThat(grads.get("codebook").getDouble(0, 1)).isCloseTo(2 * (0.0 - -1.0), within(1e-12));
        assertThat(grads.get("codebook").getDouble(2, 1)).isCloseTo(2 * (-1.0 - 0.0), within(1e-12));
        assertThat(grads.get("codebook").getRow(1).amaxNumber().doubleValue()).isEqualTo(0.0);
    }

    @Test
    void aPosteriorThatIsNotQuantisedIsAClearError() {
        SameDiff sd = SameDiff.create();
        GraphContext g = new SeededGraphContext(sd, DataType.DOUBLE, new ImageShape(1, 1, 1), 2, 1);
        SDVariable m = sd.constant(Nd4j.zeros(DataType.DOUBLE, 2, 2));
        SDVariable x = sd.constant(Nd4j.zeros(DataType.DOUBLE, 2, 1));
        ForwardPass fp = new ForwardPass(x, x, null, new Posterior(m, m), m, x, new TinyGraph.StubPrior(true));
        assertThatThrownBy(() -> new VqLoss(new VqLoss.Spec(1.0, 0.25)).perExample(g, fp))
                .isInstanceOf(UserInputException.class).hasMessageContaining("vector-quantised encoder");
    }

    @Test
    void perplexityAndCodesUsedOfAKnownHistogram() {
        SameDiff sd = SameDiff.create();
        GraphContext g = new SeededGraphContext(sd, DataType.DOUBLE, new ImageShape(1, 1, 1), 2, 1);
        SDVariable encoderOut = sd.var("ze", Nd4j.zeros(DataType.DOUBLE, 4, 2));
        SDVariable codebook = sd.var("codebook", Nd4j.zeros(DataType.DOUBLE, 3, 2));
        // code 0 once, code 2 three times, code 1 never
        SDVariable choice = sd.constant(Nd4j.create(new double[][] {{1, 0, 0}, {0, 0, 1}, {0, 0, 1}, {0, 0, 1}}));
        Posterior q = new Posterior(encoderOut, encoderOut.mul(0.0), new FixedChoice(choice, codebook));
        SDVariable x = sd.constant(Nd4j.zeros(DataType.DOUBLE, 4, 1));
        ForwardPass fp = new ForwardPass(x, x, null, q, encoderOut, x, new TinyGraph.StubPrior(true));
        Map<String, SDVariable> metrics = new VqLoss(new VqLoss.Spec(1.0, 0.25)).usage(g, fp);
        assertThat(metrics).containsOnlyKeys("perplexity", "codesUsed");
        Map<String, INDArray> out = sd.output(Map.of(), metrics.get("perplexity").name(), metrics.get("codesUsed").name());
        double entropy = -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75));
        assertThat(out.get(metrics.get("perplexity").name()).getDouble(0)).isCloseTo(Math.exp(entropy), within(1e-8));
        assertThat(out.get(metrics.get("codesUsed").name()).getDouble(0)).isEqualTo(2.0);
    }

    @Test
    void aQuantiserThatDoesNotReportAssignmentsLogsNoMetrics() {
        SameDiff sd = SameDiff.create();
        GraphContext g = new SeededGraphContext(sd, DataType.DOUBLE, new ImageShape(1, 1, 1), 2, 1);
        SDVariable m = sd.var("ze", Nd4j.zeros(DataType.DOUBLE, 2, 2));
        VectorQuantiser plain = new VectorQuantiser() {
            @Override
            public SDVariable quantised(GraphContext gc, Posterior q) {
                return q.mean();
            }

            @Override
            public SDVariable sample(GraphContext gc, Posterior q, SDVariable eps) {
                return q.mean();
            }

            @Override
            public SDVariable logDensity(GraphContext gc, Posterior q, SDVariable z) {
                return z.mul(0.0).sum(1);
            }
        };
        SDVariable x = sd.constant(Nd4j.zeros(DataType.DOUBLE, 2, 1));
        ForwardPass fp = new ForwardPass(x, x, null, new Posterior(m, m, plain), m, x, new TinyGraph.StubPrior(true));
        assertThat(new VqLoss(new VqLoss.Spec(1.0, 0.25)).usage(g, fp)).isEmpty();
    }
}
