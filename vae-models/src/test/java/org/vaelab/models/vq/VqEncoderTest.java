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
}
