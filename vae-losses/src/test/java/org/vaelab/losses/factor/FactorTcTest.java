package org.vaelab.losses.factor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.vaelab.api.loss.TermOutputs;
import org.vaelab.api.model.GraphInput;
import org.vaelab.losses.TinyGraph;

/** factor-tc: the in-graph permutation, the value against a hand computation, and the gradients kept apart. */
class FactorTcTest {

    private static FactorTc term(int layers, int units) {
        return new FactorTc(new FactorTc.Spec(null, 40.0, layers, units, null, null, null));
    }

    /** A tiny graph with the term built in its loss scope and the permutation keys fed. */
    private static final class Built {
        final TinyGraph t = new TinyGraph(new TinyGraph.StubPrior(true));
        final TermOutputs out;
        final double[][] keys;

        Built(FactorTc term) {
            try (var ns = t.sd.withNameScope("loss")) {
                out = term.build(t.g, t.pass);
            }
            GraphInput in = t.g.inputs().get(0);
            assertThat(in.kind()).isEqualTo(GraphInput.Kind.UNIFORM);
            keys = new double[][] {{0.7, 0.2}, {0.1, 0.2}, {0.4, 0.9}};     // a tie in column 1: broken by row
            t.feed.put(in.name(), Nd4j.create(keys));
        }

        double scalar(SDVariable v) {
            return t.evalArray(v).getDouble(0);
        }

        Map<String, INDArray> gradients(SDVariable loss) {
            t.sd.setLossVariables(loss.name());
            Map<String, INDArray> grads = new HashMap<>(t.sd.calculateGradients(t.feed, t.parameterNames()));
            for (String p : t.parameterNames()) {
                grads.putIfAbsent(p, Nd4j.zeros(1));          // SameDiff leaves out a parameter the loss does not reach
                if (grads.get(p) == null) {
                    grads.put(p, Nd4j.zeros(1));
                }
            }
            return grads;
        }
    }

    private static boolean discriminator(String parameter) {
        return parameter.startsWith("loss/factor-tc/discriminator/");
    }

    @Test
    void permutesEachDimensionIndependentlyAcrossTheBatch() {
        int n = 64;
        int d = 5;
        SplittableRandom rng = new SplittableRandom(3);
        double[][] z = new double[n][d];
        double[][] keys = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                z[i][k] = rng.nextGaussian();
                keys[i][k] = rng.nextDouble();
            }
        }
        keys[5][2] = keys[9][2];                                         // a tie
        SameDiff sd = SameDiff.create();
        SDVariable out = FactorTc.permuteDimensions(sd, sd.constant(Nd4j.create(z)),
                sd.placeHolder("keys", DataType.DOUBLE, -1, d), d);
        double[][] p = sd.output(Map.of("keys", Nd4j.create(keys)), out.name()).get(out.name()).toDoubleMatrix();
        int[][] rows = new int[d][n];
        for (int k = 0; k < d; k++) {
            double[] before = new double[n];
            double[] after = new double[n];
            for (int i = 0; i < n; i++) {
                before[i] = z[i][k];
                after[i] = p[i][k];
                int from = -1;
                for (int j = 0; j < n; j++) {
                    if (z[j][k] == p[i][k]) {
                        from = j;
                    }
                }
                rows[k][i] = from;
            }
            Arrays.sort(before);
            Arrays.sort(after);
            assertThat(after).as("column %d keeps its values", k).containsExactly(before);
            // row i takes the row whose key ranks i-th (ties by row index)
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            int col = k;
            Arrays.sort(order, (a, b) -> keys[a][col] != keys[b][col] ? Double.compare(keys[a][col], keys[b][col])
                    : Integer.compare(a, b));
            for (int i = 0; i < n; i++) {
                assertThat(rows[k][i]).isEqualTo(order[i]);
            }
        }
        for (int k = 1; k < d; k++) {
            assertThat(rows[k]).as("dimension %d is permuted differently from dimension 0", k).isNotEqualTo(rows[0]);
        }
    }

    @Test
    void valueLossAndAccuracyMatchAHandComputation() {
        FactorTc term = term(2, 5);
        Built b = new Built(term);
        assertThat(term.coefficient()).isEqualTo(40.0);
        double[][] z = b.t.eval(b.t.z).get(b.t.z.name());
        List<double[][]> w = new java.util.ArrayList<>();
        List<double[]> bias = new java.util.ArrayList<>();
        for (String layer : List.of("fc1", "fc2", "out")) {
            w.add(b.t.sd.getArrForVarName("loss/factor-tc/discriminator/" + layer + "/w").toDoubleMatrix());
            bias.add(b.t.sd.getArrForVarName("loss/factor-tc/discriminator/" + layer + "/b").toDoubleVector());
        }
        int n = z.length;
        double[] tc = b.t.evalArray(b.out.perExample()).toDoubleVector();
        assertThat(tc).hasSize(n);
        // permuted by the keys' ranks: column 0 ranks rows (1, 2, 0), column 1 (0, 1, 2) (rows 0 and 1 tie)
        int[][] from = {{1, 0}, {2, 1}, {0, 2}};
        double loss = 0;
        double correct = 0;
        for (int i = 0; i < n; i++) {
            double real = logOdds(w, bias, z[i]);
            assertThat(tc[i]).isCloseTo(real, within(1e-9));
            double fake = logOdds(w, bias, new double[] {z[from[i][0]][0], z[from[i][1]][1]});
            loss += 0.5 * (softplus(-real) + softplus(fake)) / n;
            correct += 0.5 * ((real > 0 ? 1 : 0) + (fake < 0 ? 1 : 0)) / n;
        }
        assertThat(b.scalar(b.out.sideLosses().get("discriminator"))).isCloseTo(loss, within(1e-9));
        assertThat(b.scalar(b.out.metrics().get("accuracy"))).isCloseTo(correct, within(1e-9));
    }

    private static double logOdds(List<double[][]> w, List<double[]> bias, double[] z) {
        double[] h = z;
        for (int l = 0; l < w.size(); l++) {
            double[] next = new double[bias.get(l).length];
            for (int o = 0; o < next.length; o++) {
                double s = bias.get(l)[o];
                for (int i = 0; i < h.length; i++) {
                    s += h[i] * w.get(l)[i][o];
                }
                next[o] = l < w.size() - 1 && s < 0 ? 0.2 * s : s;
            }
            h = next;
        }
        return h[0];
    }

    private static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    @Test
    void theTcGradientReachesOnlyTheModelAndTheDiscriminatorLossOnlyTheDiscriminator() {
        Built b = new Built(term(2, 5));
        Map<String, INDArray> tc = b.gradients(b.out.perExample().sum());
        Built c = new Built(term(2, 5));
        Map<String, INDArray> disc = c.gradients(c.out.sideLosses().get("discriminator"));
        assertThat(tc.keySet().stream().filter(FactorTcTest::discriminator)).hasSize(6);
        tc.forEach((p, g) -> {
            if (discriminator(p)) {
                assertThat(g.amaxNumber().doubleValue()).as("TC's gradient of %s", p).isZero();
            } else if (p.startsWith("encoder/")) {
                assertThat(g.amaxNumber().doubleValue()).as("TC's gradient of %s", p).isPositive();
            }
        });
        disc.forEach((p, g) -> {
            if (discriminator(p)) {
                assertThat(g.amaxNumber().doubleValue()).as("D's loss gradient of %s", p).isPositive();
            } else {
                assertThat(g.amaxNumber().doubleValue()).as("D's loss gradient of %s", p).isZero();
            }
        });
    }

    @Test
    void theDiscriminatorHasItsOwnAdam() {
        Built b = new Built(new FactorTc(new FactorTc.Spec(null, null, 1, 4, 2e-4, 0.4, 0.8)));
        var optimizers = b.t.g.parameterOptimizers();
        assertThat(optimizers).hasSize(4);
        optimizers.forEach((p, u) -> {
            assertThat(discriminator(p)).as(p).isTrue();
            Adam adam = (Adam) u;
            assertThat(adam.getLearningRate()).isEqualTo(2e-4);
            assertThat(adam.getBeta1()).isEqualTo(0.4);
            assertThat(adam.getBeta2()).isEqualTo(0.8);
        });
        FactorTc.Spec defaults = new FactorTc.Spec(null, null, null, null, null, null, null);
        assertThat(defaults).isEqualTo(new FactorTc.Spec(1.0, 10.0, 6, 1000, 1e-4, 0.5, 0.9));
    }
}
