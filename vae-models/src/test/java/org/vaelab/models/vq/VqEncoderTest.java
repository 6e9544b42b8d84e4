package org.vaelab.models.vq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.NameScope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.data.ImageShape;
import org.vaelab.api.model.Posterior;
import org.vaelab.api.model.SeededGraphContext;
import org.vaelab.api.model.VectorQuantiser;
import org.vaelab.models.mlp.MlpEncoder;
import org.vaelab.models.mlp.MlpEncoderSpec;

/** Quantisation to the nearest codebook vector, the straight-through gradient, and the point-mass density. */
class VqEncoderTest {

    @Test
    @SuppressWarnings("try")
    void quantisesToTheNearestCodeAndPassesTheDecodersGradientStraightThrough() {
        SameDiff sd = SameDiff.create();
        SeededGraphContext g = new SeededGraphContext(sd, DataType.FLOAT, new ImageShape(1, 3, 3), 2, 5);
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 9);
        SDVariable eps = sd.placeHolder("eps", DataType.FLOAT, -1, 2);
        Posterior q;
        try (NameScope ignored = sd.withNameScope("encoder")) {
            q = new VqEncoder(new MlpEncoder(new MlpEncoderSpec(List.of(), null)), 6, null).encode(g, x);
        }
        assertThat(q.family()).isInstanceOf(VectorQuantiser.class);
        SDVariable zq = ((VectorQuantiser) q.family()).quantised(g, q);
        SDVariable z = q.sample(g, eps);
        SDVariable logQ = q.logDensity(g, z);
        SDVariable weights = sd.constant(Nd4j.createFromArray(new float[][] {{1.5f, -2f}}));
        z.mul(weights).sum("loss");
        sd.setLossVariables("loss");

        Map<String, INDArray> feeds = Map.of("x", Nd4j.rand(DataType.FLOAT, 5, 9), "eps", Nd4j.zeros(DataType.FLOAT, 5, 2));
        Map<String, INDArray> out = sd.output(feeds, q.mean().name(), zq.name(), z.name(), logQ.name());
        INDArray ze = out.get(q.mean().name());
        INDArray codebook = sd.getArrForVarName("encoder/codebook");
        for (int i = 0; i < 5; i++) {                       // nearest code by a Java search
            int best = -1;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int k = 0; k < 6; k++) {
                double d = 0;
                for (int j = 0; j < 2; j++) {
                    double diff = ze.getDouble(i, j) - codebook.getDouble(k, j);
                    d += diff * diff;
                }
                if (d < bestDistance) {
                    bestDistance = d;
                    best = k;
                }
            }
            for (int j = 0; j < 2; j++) {
                assertThat(out.get(zq.name()).getDouble(i, j)).isCloseTo(codebook.getDouble(best, j), within(1e-6));
                assertThat(out.get(z.name()).getDouble(i, j)).as("the decoder sees z_q").isCloseTo(codebook.getDouble(best, j),
                        within(1e-6));
            }
            assertThat(out.get(logQ.name()).getDouble(i)).as("a point mass").isEqualTo(0.0);
        }
        // straight through: d loss / d z_e = the weights, so the encoder's bias gets sum over rows of them; the
        // codebook gets nothing from the decoder's side
        Map<String, INDArray> grads = sd.calculateGradients(feeds, List.of("encoder/head/b", "encoder/codebook"));
        INDArray bias = grads.get("encoder/head/b");
        assertThat(bias.getDouble(0)).isCloseTo(5 * 1.5, within(1e-5));
        assertThat(bias.getDouble(1)).isCloseTo(5 * -2.0, within(1e-5));
        assertThat(grads.get("encoder/codebook").amaxNumber().doubleValue()).isEqualTo(0.0);
    }

    @Test
    @SuppressWarnings("try")
    void normalizedLookupPicksTheCodeOfHighestCosineAndPassesTheGradientThroughTheNormalisation() {
        SameDiff sd = SameDiff.create();
        SeededGraphContext g = new SeededGraphContext(sd, DataType.DOUBLE, new ImageShape(1, 3, 3), 4, 5);
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 9);
        SDVariable eps = sd.placeHolder("eps", DataType.DOUBLE, -1, 4);
        Posterior q;
        try (NameScope ignored = sd.withNameScope("encoder")) {
            q = new VqEncoder(new MlpEncoder(new MlpEncoderSpec(List.of(), null)), 3, 2, true).encode(g, x);
        }
        VectorQuantiser vq = (VectorQuantiser) q.family();
        SDVariable z = q.sample(g, eps);
        SDVariable weights = sd.constant(Nd4j.createFromArray(new double[][] {{1.5, -2.0, 0.5, 1.0}}));
        z.mul(weights).sum("loss");
        sd.setLossVariables("loss");
        // codes of different lengths: the nearest by Euclidean distance and by cosine differ for z_e = (1, 0.9)
        sd.getVariable("encoder/codebook").setArray(Nd4j.createFromArray(new double[][] {{1.0, 0.0}, {0.0, 5.0}, {0.1, 0.1}}));
        // an encoder with no hidden layer: z_e is the head's bias for a zero input; mean columns first
        sd.getVariable("encoder/head/w").setArray(Nd4j.zeros(DataType.DOUBLE, 9, 8));
        sd.getVariable("encoder/head/b").setArray(Nd4j.createFromArray(new double[] {1.0, 0.9, -3.0, 0.5, 0, 0, 0, 0}));
        // two equal rows (SameDiff's slice gradient fails on a batch of one)
        Map<String, INDArray> feeds = Map.of("x", Nd4j.zeros(DataType.DOUBLE, 2, 9), "eps", Nd4j.zeros(DataType.DOUBLE, 2, 4));
        Map<String, INDArray> out = sd.output(feeds, vq.quantised(g, q).name(), z.name(), vq.encoderOutput(g, q).name(),
                vq.assignments(g, q).orElseThrow().name());
        double r2 = 1 / Math.sqrt(2);
        // piece (1, 0.9): cosines 0.74 (code 0), 0.67 (code 1), 0.9986 (code 2, the nearest in angle though not in distance)
        // piece (-3, 0.5): cosines -0.99, 0.16, -0.58: code 1
        double[] expected = {r2, r2, 0.0, 1.0};
        double[] unit = {1 / Math.hypot(1, 0.9), 0.9 / Math.hypot(1, 0.9), -3 / Math.hypot(3, 0.5), 0.5 / Math.hypot(3, 0.5)};
        for (int j = 0; j < 4; j++) {
            assertThat(out.get(vq.quantised(g, q).name()).getDouble(0, j)).isCloseTo(expected[j], within(1e-9));
            assertThat(out.get(z.name()).getDouble(0, j)).as("the decoder sees the unit code").isCloseTo(expected[j], within(1e-9));
            assertThat(out.get(vq.encoderOutput(g, q).name()).getDouble(0, j)).isCloseTo(unit[j], within(1e-9));
        }
        assertThat(out.get(vq.assignments(g, q).orElseThrow().name()).toDoubleMatrix())
                .isEqualTo(new double[][] {{0, 0, 1}, {0, 1, 0}, {0, 0, 1}, {0, 1, 0}});
        // straight through to the normalised z_e, then the normalisation's Jacobian (I - u u^T) / |z_e| per piece
        Map<String, INDArray> grads = sd.calculateGradients(feeds, List.of("encoder/head/b", "encoder/codebook"));
        double[][] pieces = {{1.0, 0.9}, {-3.0, 0.5}};
        double[] w = {1.5, -2.0, 0.5, 1.0};
        for (int p = 0; p < 2; p++) {
            double len = Math.hypot(pieces[p][0], pieces[p][1]);
            for (int i = 0; i < 2; i++) {
                double expectedGrad = 0;
                for (int j = 0; j < 2; j++) {
                    double jac = ((i == j ? 1 : 0) - unit[2 * p + i] * unit[2 * p + j]) / len;
                    expectedGrad += jac * w[2 * p + j];
                }
                assertThat(grads.get("encoder/head/b").getDouble(2 * p + i)).isCloseTo(2 * expectedGrad, within(1e-9));
            }
        }
        assertThat(grads.get("encoder/codebook").amaxNumber().doubleValue()).isEqualTo(0.0);
    }
}
