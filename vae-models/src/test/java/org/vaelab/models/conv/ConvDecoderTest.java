package org.vaelab.models.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vaelab.models.TestGraphs.array;
import static org.vaelab.models.TestGraphs.dense;
import static org.vaelab.models.TestGraphs.map;
import static org.vaelab.models.TestGraphs.matrix;
import static org.vaelab.models.TestGraphs.parameters;
import static org.vaelab.models.TestGraphs.uniform;
import static org.vaelab.models.conv.ConvEncoderTest.assertBounded;
import static org.vaelab.models.conv.ConvEncoderTest.assertSpread;
import static org.vaelab.models.conv.ConvMath.deconv;
import static org.vaelab.models.conv.ConvMath.flatten;
import static org.vaelab.models.conv.ConvMath.nchw;
import static org.vaelab.models.conv.ConvMath.relu;
import static org.vaelab.models.conv.ConvMath.unflatten;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.NameScope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.UserInputException;
import org.vaelab.api.data.ImageShape;
import org.vaelab.api.model.SeededGraphContext;
import org.vaelab.models.TestGraphs;
import org.vaelab.models.mlp.Activation;

class ConvDecoderTest {

    private static final int LATENT = 3;
    private static final int BATCH = 2;

    private record Built(SameDiff sd, SDVariable out) {
        Map<String, INDArray> run(double[][] z, String... names) {
            return sd.output(Map.of("z", array(z, sd.getVariable("z").dataType())), names);
        }
    }

    @SuppressWarnings("try")    // the name scope is used for its side effect
    private static Built build(ConvDecoderSpec spec, ImageShape image, int latent, DataType type, long seed) {
        SameDiff sd = SameDiff.create();
        SeededGraphContext g = new SeededGraphContext(sd, type, image, latent, seed);
        SDVariable z = sd.placeHolder("z", type, -1, latent);
        try (NameScope ignored = sd.withNameScope("decoder")) {
            return new Built(sd, new ConvDecoder(spec).decode(g, z));
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 28, 28", "1, 64, 64", "3, 32, 32", "3, 28, 20"})
    void defaultsGiveBatchByPixelsForImageShapes(int c, int h, int w) {
        ImageShape image = new ImageShape(c, h, w);
        Built b = build(ConvDecoderSpec.defaults(), image, 8, DataType.FLOAT, 1);
        assertThat(b.out().name()).isEqualTo("decoder/output");
        Map<String, INDArray> out = b.run(uniform(2, BATCH, 8, -2, 2), "decoder/output", "decoder/map",
                "decoder/deconv1/out");
        assertThat(out.get("decoder/output").shape()).containsExactly(BATCH, image.size());
        assertThat(out.get("decoder/map").shape()).containsExactly(BATCH, 64, h / 4, w / 4);
        assertThat(out.get("decoder/deconv1/out").shape()).containsExactly(BATCH, 32, h / 2, w / 2);
        assertThat(parameters(b.sd()).get("decoder/deconv2/w").shape()).containsExactly(4, 4, c, 32);
        assertThat(b.run(uniform(2, 1, 8, -2, 2), "decoder/output").get("decoder/output").shape())
                .containsExactly(1, image.size());
    }

    /**
     * Kernel, stride, padding (kernel - 2 padding = stride); a 2-channel image with a non-square first map,
     * so a swapped height and width or a wrong weight layout shows.
     */
    @ParameterizedTest
    @CsvSource({"4, 2, 1", "3, 1, 1", "2, 2, 0", "5, 1, 2"})
    void transposedConvolutionsMatchPlainJava(int k, int s, int p) {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            int h0 = 2;
            int w0 = 3;
            ImageShape image = new ImageShape(2, h0 * s * s, w0 * s * s);
            ConvDecoderSpec spec = new ConvDecoderSpec(List.of(4), List.of(3, 2), k, s, p, Activation.RELU, null);
            Built b = build(spec, image, LATENT, type, 8);
            double[][] z = uniform(4, BATCH, LATENT, -2, 2);
            Map<String, INDArray> out = b.run(z, "decoder/map", "decoder/deconv1/out", "decoder/output");
            Map<String, INDArray> pr = parameters(b.sd());

            double[][] h = map(dense(z, pr.get("decoder/fc1/w"), pr.get("decoder/fc1/b")), v -> Math.max(0, v));
            double[][] projected = map(dense(h, pr.get("decoder/project/w"), pr.get("decoder/project/b")),
                    v -> Math.max(0, v));
            double[][][][] map0 = unflatten(projected, 3, h0, w0);
            assertThat(ConvMath.maxAbsDiff(nchw(out.get("decoder/map")), map0)).as("map, %s", type).isLessThan(1e-4);

            // from the graph's own map, so this compares one transposed convolution alone
            double[][][][] d1 = relu(deconv(nchw(out.get("decoder/map")), pr.get("decoder/deconv1/w"),
                    pr.get("decoder/deconv1/b"), s, p));
            assertThat(ConvMath.maxAbsDiff(nchw(out.get("decoder/deconv1/out")), d1)).as("deconv1, %s", type)
                    .isLessThan(1e-4);
            double[][][][] d2 = deconv(d1, pr.get("decoder/deconv2/w"), pr.get("decoder/deconv2/b"), s, p);
            assertThat(TestGraphs.maxAbsDiff(matrix(out.get("decoder/output")), flatten(d2))).as("output, %s", type)
                    .isLessThan(1e-4);
            assertThat(out.get("decoder/output").dataType()).isEqualTo(type);
        }
    }

    @Test
    void outputActivationIsAppliedToTheLogits() {
        ImageShape image = new ImageShape(1, 8, 8);
        Built logits = build(new ConvDecoderSpec(List.of(), List.of(2), null, null, null, null, null), image, LATENT,
                DataType.DOUBLE, 6);
        Built probs = build(new ConvDecoderSpec(List.of(), List.of(2), null, null, null, null, Activation.SIGMOID), image,
                LATENT, DataType.DOUBLE, 6);
        assertThat(parameters(logits.sd()).keySet()).containsExactlyInAnyOrder(
                "decoder/project/w", "decoder/project/b", "decoder/deconv1/w", "decoder/deconv1/b");
        double[][] z = uniform(1, BATCH, LATENT, -2, 2);
        double[][] l = matrix(logits.run(z, "decoder/output").get("decoder/output"));
        double[][] expected = map(l, v -> 1 / (1 + Math.exp(-v)));
        assertThat(TestGraphs.maxAbsDiff(matrix(probs.run(z, "decoder/output").get("decoder/output")), expected))
                .isLessThan(1e-12);
        assertThat(java.util.Arrays.stream(l).flatMapToDouble(java.util.Arrays::stream).min().orElseThrow())
                .isNegative();                               // logits were not squashed
    }

    @Test
    void transposedConvolutionInitUsesPyTorchFanIn() {
        Map<String, INDArray> pr = parameters(build(new ConvDecoderSpec(List.of(4), List.of(16, 8), null, null, null,
                null, null), new ImageShape(3, 8, 8), LATENT, DataType.DOUBLE, 3).sd());
        // PyTorch's ConvTranspose2d: fanIn = outChannels * k * k of the layer
        assertSpread(pr.get("decoder/deconv1/w"), 1 / Math.sqrt(8 * 16));
        assertBounded(pr.get("decoder/deconv1/b"), 1 / Math.sqrt(8 * 16));
        assertSpread(pr.get("decoder/deconv2/w"), 1 / Math.sqrt(3 * 16));
        assertBounded(pr.get("decoder/deconv2/b"), 1 / Math.sqrt(3 * 16));
        assertSpread(pr.get("decoder/project/w"), 1 / Math.sqrt(4));
        assertThat(pr.get("decoder/project/w").shape()).containsExactly(4, 16 * 2 * 2);
    }

    @Test
    void everyParameterGetsAFiniteNonZeroGradient() {
        Built b = build(new ConvDecoderSpec(List.of(5), List.of(3, 2), null, null, null, null, null),
                new ImageShape(2, 8, 8), LATENT, DataType.DOUBLE, 9);
        SDVariable loss = b.sd().math.square(b.out()).sum();
        b.sd().setLossVariables(loss);
        Map<String, INDArray> params = parameters(b.sd());
        Map<String, INDArray> grads = b.sd().calculateGradients(
                Map.of("z", array(uniform(5, BATCH, LATENT, -2, 2), DataType.DOUBLE)), params.keySet());
        assertThat(grads.keySet()).containsExactlyInAnyOrderElementsOf(params.keySet()).hasSize(8);
        grads.forEach((name, grad) -> {
            assertThat(grad.shape()).as(name).containsExactly(params.get(name).shape());
            assertThat(grad.isInfinite().any() || grad.isNaN().any()).as("non-finite grad of " + name).isFalse();
            assertThat(grad.amaxNumber().doubleValue()).as("|grad| of " + name).isGreaterThan(0);
        });
    }

    @Test
    void imageSizeNotDivisibleByTheStridesIsAUserError() {
        // three stride-2 layers need 28 / 8 = 3.5 rows
        ConvDecoderSpec spec = new ConvDecoderSpec(null, List.of(64, 32, 16), null, null, null, null, null);
        assertThatThrownBy(() -> build(spec, new ImageShape(1, 28, 28), LATENT, DataType.FLOAT, 1))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("model.decoder (conv)")
                .hasMessageContaining("3 transposed convolutions of stride 2")
                .hasMessageContaining("8-fold")
                .hasMessageContaining("image 1x28x28")
                .hasMessageContaining("28/8 = 3.5")
                .hasMessageContaining("channels has 3 entries");
        // the same layers fit a 32x32 image
        assertThat(build(spec, new ImageShape(1, 32, 32), LATENT, DataType.FLOAT, 1).out().name())
                .isEqualTo("decoder/output");
    }

    @Test
    void kernelAndPaddingThatDoNotMultiplyByTheStrideAreAUserError() {
        ConvDecoderSpec spec = new ConvDecoderSpec(null, List.of(4, 2), 3, 2, 1, null, null);
        assertThatThrownBy(() -> build(spec, new ImageShape(1, 28, 28), LATENT, DataType.FLOAT, 1))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("model.decoder (conv)")
                .hasMessageContaining("kernel 3, stride 2 and padding 1")
                .hasMessageContaining("2m-1 x 2m-1")
                .hasMessageContaining("kernel - 2 x padding = stride");
    }
}
