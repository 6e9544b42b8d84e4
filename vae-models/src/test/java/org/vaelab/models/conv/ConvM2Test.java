package org.vaelab.models.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vaelab.models.TestGraphs.array;
import static org.vaelab.models.TestGraphs.parameters;
import static org.vaelab.models.TestGraphs.uniform;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.NameScope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.data.ImageShape;
import org.vaelab.api.model.Posterior;
import org.vaelab.api.model.SeededGraphContext;

/** The defaults are the PyTorch reference's conv VAE (M2) on Fashion-MNIST, latent size 32. */
class ConvM2Test {

    private static final ImageShape FASHION = new ImageShape(1, 28, 28);
    private static final int LATENT = 32;

    private record Built(SameDiff sd, Posterior q, SDVariable out) {}

    @SuppressWarnings("try")    // the name scope is used for its side effect
    private static Built build() {
        SameDiff sd = SameDiff.create();
        SeededGraphContext g = new SeededGraphContext(sd, DataType.FLOAT, FASHION, LATENT, 1);
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, FASHION.size());
        Posterior q;
        try (NameScope ignored = sd.withNameScope("encoder")) {
            q = new ConvEncoder(ConvEncoderSpec.defaults()).encode(g, x);
        }
        SDVariable out;
        try (NameScope ignored = sd.withNameScope("decoder")) {
            out = new ConvDecoder(ConvDecoderSpec.defaults()).decode(g, q.mean());
        }
        return new Built(sd, q, out);
    }

    @Test
    void parameterShapesAndCountMatchPyTorchM2() {
        Map<String, INDArray> p = parameters(build().sd());
        // nn.Conv2d(1, 32, 4, 2, 1), nn.Conv2d(32, 64, 4, 2, 1), nn.Linear(64*7*7, 256), nn.Linear(256, 2*32);
        // nn.Linear(32, 256), nn.Linear(256, 64*7*7), nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.ConvTranspose2d(32, 1, 4, 2, 1)
        long encoder = (1 * 32 * 16 + 32) + (32 * 64 * 16 + 64) + (3136 * 256 + 256) + (256 * 64 + 64);
        long decoder = (32 * 256 + 256) + (256 * 3136 + 3136) + (64 * 32 * 16 + 32) + (32 * 1 * 16 + 1);
        assertThat(encoder).isEqualTo(852_896);
        assertThat(decoder).isEqualTo(847_713);
        assertThat(p.values().stream().mapToLong(INDArray::length).sum()).isEqualTo(encoder + decoder);

        assertThat(p).hasSize(16);
        assertThat(p.get("encoder/conv1/w").shape()).containsExactly(4, 4, 1, 32);
        assertThat(p.get("encoder/conv2/w").shape()).containsExactly(4, 4, 32, 64);
        assertThat(p.get("encoder/conv2/b").shape()).containsExactly(64);
        assertThat(p.get("encoder/fc1/w").shape()).containsExactly(3136, 256);
        assertThat(p.get("encoder/head/w").shape()).containsExactly(256, 64);
        assertThat(p.get("decoder/fc1/w").shape()).containsExactly(32, 256);
        assertThat(p.get("decoder/project/w").shape()).containsExactly(256, 3136);
        assertThat(p.get("decoder/deconv1/w").shape()).containsExactly(4, 4, 32, 64);
        assertThat(p.get("decoder/deconv1/b").shape()).containsExactly(32);
        assertThat(p.get("decoder/deconv2/w").shape()).containsExactly(4, 4, 1, 32);
        assertThat(p.get("decoder/deconv2/b").shape()).containsExactly(1);
    }

    @Test
    void everyParameterGetsAFiniteNonZeroGradientFromAScalarLoss() {
        Built b = build();
        SameDiff sd = b.sd();
        SDVariable loss = sd.math.square(b.out()).sum().add(sd.math.square(b.q().logVar()).sum());
        sd.setLossVariables(loss);
        Map<String, INDArray> params = parameters(sd);
        Map<String, INDArray> grads = sd.calculateGradients(
                Map.of("x", array(uniform(3, 2, (int) FASHION.size(), 0, 1), DataType.FLOAT)), params.keySet());
        assertThat(grads.keySet()).containsExactlyInAnyOrderElementsOf(params.keySet());
        grads.forEach((name, grad) -> {
            assertThat(grad.shape()).as(name).containsExactly(params.get(name).shape());
            assertThat(grad.isInfinite().any() || grad.isNaN().any()).as("non-finite grad of " + name).isFalse();
            assertThat(grad.amaxNumber().doubleValue()).as("|grad| of " + name).isGreaterThan(0);
        });
    }
}
