package org.vaelab.models.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vaelab.models.TestGraphs.array;
import static org.vaelab.models.TestGraphs.columns;
import static org.vaelab.models.TestGraphs.dense;
import static org.vaelab.models.TestGraphs.map;
import static org.vaelab.models.TestGraphs.matrix;
import static org.vaelab.models.TestGraphs.parameters;
import static org.vaelab.models.TestGraphs.uniform;
import static org.vaelab.models.conv.ConvMath.conv;
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
import org.vaelab.api.model.Posterior;
import org.vaelab.api.model.SeededGraphContext;
import org.vaelab.models.mlp.Activation;

class ConvEncoderTest {

    private static final int LATENT = 3;
    private static final int BATCH = 2;

    /** A built encoder graph: placeholder {@code x} and the posterior. */
    private record Built(SameDiff sd, Posterior q) {
        Map<String, INDArray> run(double[][] x, String... names) {
            return sd.output(Map.of("x", array(x, sd.getVariable("x").dataType())), names);
        }
    }

    @SuppressWarnings("try")    // the name scope is used for its side effect
    private static Built build(ConvEncoderSpec spec, ImageShape image, int latent, DataType type, long seed) {
        SameDiff sd = SameDiff.create();
        SeededGraphContext g = new SeededGraphContext(sd, type, image, latent, seed);
        SDVariable x = sd.placeHolder("x", type, -1, image.size());
        try (NameScope ignored = sd.withNameScope("encoder")) {
            return new Built(sd, new ConvEncoder(spec).encode(g, x));
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 28, 28, 7, 7", "1, 64, 64, 16, 16", "3, 32, 32, 8, 8", "3, 28, 20, 7, 5"})
    void defaultsGiveBatchByLatentOutputsForImageShapes(int c, int h, int w, int lastH, int lastW) {
        ImageShape image = new ImageShape(c, h, w);
        Built b = build(ConvEncoderSpec.defaults(), image, 8, DataType.FLOAT, 1);
        assertThat(b.q().mean().name()).isEqualTo("encoder/mean");
        assertThat(b.q().logVar().name()).isEqualTo("encoder/logvar");
        Map<String, INDArray> out = b.run(uniform(3, BATCH, (int) image.size(), 0, 1),
                "encoder/mean", "encoder/logvar", "encoder/conv1/out", "encoder/conv2/out", "encoder/flat");
        assertThat(out.get("encoder/mean").shape()).containsExactly(BATCH, 8);
        assertThat(out.get("encoder/logvar").shape()).containsExactly(BATCH, 8);
        assertThat(out.get("encoder/conv1/out").shape()).containsExactly(BATCH, 32, h / 2, w / 2);
        assertThat(out.get("encoder/conv2/out").shape()).containsExactly(BATCH, 64, lastH, lastW);
        assertThat(out.get("encoder/flat").shape()).containsExactly(BATCH, 64L * lastH * lastW);
        assertThat(parameters(b.sd()).get("encoder/conv1/w").shape()).containsExactly(4, 4, c, 32);
        assertThat(parameters(b.sd()).get("encoder/fc1/w").shape()).containsExactly(64L * lastH * lastW, 256);
    }

    @Test
    void disentanglementLibArchitectureTakes64x64To4x4() {
        Built b = build(new DisentanglementLibEncoderSpec(null).conv(), new ImageShape(1, 64, 64), 10, DataType.FLOAT, 1);
        Map<String, INDArray> out = b.run(uniform(3, BATCH, 64 * 64, 0, 1), "encoder/mean", "encoder/conv4/out");
        assertThat(out.get("encoder/conv4/out").shape()).containsExactly(BATCH, 64, 4, 4);
        assertThat(out.get("encoder/mean").shape()).containsExactly(BATCH, 10);
        Map<String, INDArray> p = parameters(b.sd());
        assertThat(p.get("encoder/conv1/w").shape()).containsExactly(4, 4, 1, 32);
        assertThat(p.get("encoder/conv2/w").shape()).containsExactly(4, 4, 32, 32);
        assertThat(p.get("encoder/conv3/w").shape()).containsExactly(4, 4, 32, 64);
        assertThat(p.get("encoder/conv4/w").shape()).containsExactly(4, 4, 64, 64);
        assertThat(p.get("encoder/fc1/w").shape()).containsExactly(64L * 4 * 4, 256);
    }

    /** Kernel, stride, padding; a 2x6x8 image (non-square, to catch a swapped height and width). */
    @ParameterizedTest
    @CsvSource({"4, 2, 1", "3, 1, 1", "3, 2, 1", "2, 2, 0"})
    void convolutionsAndHeadMatchPlainJava(int k, int s, int p) {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            ImageShape image = new ImageShape(2, 6, 8);
            ConvEncoderSpec spec = new ConvEncoderSpec(List.of(3, 4), k, s, p, List.of(5), Activation.RELU);
            Built b = build(spec, image, LATENT, type, 11);
            double[][] x = uniform(5, BATCH, (int) image.size(), 0, 1);
            Map<String, INDArray> out = b.run(x, "encoder/conv1/out", "encoder/conv2/out", "encoder/mean",
                    "encoder/logvar");
            Map<String, INDArray> pr = parameters(b.sd());

            double[][][][] c1 = relu(conv(unflatten(x, 2, 6, 8), pr.get("encoder/conv1/w"), pr.get("encoder/conv1/b"), s, p));
            assertThat(ConvMath.maxAbsDiff(nchw(out.get("encoder/conv1/out")), c1)).as("conv1, %s", type).isLessThan(1e-4);
            double[][][][] c2 = relu(conv(c1, pr.get("encoder/conv2/w"), pr.get("encoder/conv2/b"), s, p));
            assertThat(ConvMath.maxAbsDiff(nchw(out.get("encoder/conv2/out")), c2)).as("conv2, %s", type).isLessThan(1e-4);

            double[][] h = map(dense(flatten(c2), pr.get("encoder/fc1/w"), pr.get("encoder/fc1/b")), v -> Math.max(0, v));
            double[][] head = dense(h, pr.get("encoder/head/w"), pr.get("encoder/head/b"));
            assertThat(org.vaelab.models.TestGraphs.maxAbsDiff(matrix(out.get("encoder/mean")), columns(head, 0, LATENT)))
                    .isLessThan(1e-4);
            assertThat(org.vaelab.models.TestGraphs.maxAbsDiff(matrix(out.get("encoder/logvar")),
                    columns(head, LATENT, 2 * LATENT))).isLessThan(1e-4);
            assertThat(out.get("encoder/mean").dataType()).isEqualTo(type);
        }
    }

    @Test
    void identityActivationNamesTheConvolutionOutput() {
        ImageShape image = new ImageShape(1, 4, 4);
        Built b = build(new ConvEncoderSpec(List.of(2), null, null, null, List.of(), Activation.IDENTITY),
                image, LATENT, DataType.DOUBLE, 2);
        double[][] x = uniform(1, BATCH, 16, -1, 1);
        Map<String, INDArray> pr = parameters(b.sd());
        assertThat(pr.keySet()).containsExactlyInAnyOrder(
                "encoder/conv1/w", "encoder/conv1/b", "encoder/head/w", "encoder/head/b");
        double[][][][] expected = conv(unflatten(x, 1, 4, 4), pr.get("encoder/conv1/w"), pr.get("encoder/conv1/b"), 2, 1);
        INDArray c1 = b.run(x, "encoder/conv1/out").get("encoder/conv1/out");
        assertThat(ConvMath.maxAbsDiff(nchw(c1), expected)).isLessThan(1e-12);
        assertThat(c1.min().getDouble(0)).isNegative();     // no ReLU was applied
    }

    @Test
    void threeStrideTwoLayersFloorLikePyTorch() {
        // 28 -> 14 -> 7 -> floor((7 + 2 - 4) / 2) + 1 = 3
        Built b = build(new ConvEncoderSpec(List.of(2, 2, 2), null, null, null, List.of(), null),
                new ImageShape(1, 28, 28), LATENT, DataType.FLOAT, 1);
        assertThat(b.run(uniform(1, BATCH, 784, 0, 1), "encoder/conv3/out").get("encoder/conv3/out").shape())
                .containsExactly(BATCH, 2, 3, 3);
        assertThat(parameters(b.sd()).get("encoder/head/w").shape()).containsExactly(2 * 3 * 3, 2 * LATENT);
    }

    @Test
    void parametersFollowPyTorchDefaultInit() {
        Map<String, INDArray> pr = parameters(build(new ConvEncoderSpec(List.of(8, 16), null, null, null, List.of(4), null),
                new ImageShape(3, 8, 8), LATENT, DataType.DOUBLE, 3).sd());
        // fanIn = inC * k * k for convolutions
        assertSpread(pr.get("encoder/conv1/w"), 1 / Math.sqrt(3 * 16));
        assertBounded(pr.get("encoder/conv1/b"), 1 / Math.sqrt(3 * 16));
        assertSpread(pr.get("encoder/conv2/w"), 1 / Math.sqrt(8 * 16));
        assertBounded(pr.get("encoder/conv2/b"), 1 / Math.sqrt(8 * 16));
        assertSpread(pr.get("encoder/fc1/w"), 1 / Math.sqrt(16 * 2 * 2));
        assertBounded(pr.get("encoder/head/w"), 1 / Math.sqrt(4));
    }

    static void assertBounded(INDArray a, double bound) {
        assertThat(a.amaxNumber().doubleValue()).isLessThanOrEqualTo(bound).isGreaterThan(0);
    }

    /** Bounded and spread over the interval (for parameters with many draws). */
    static void assertSpread(INDArray a, double bound) {
        assertBounded(a, bound);
        assertThat(a.maxNumber().doubleValue()).isGreaterThan(0.8 * bound);
        assertThat(a.minNumber().doubleValue()).isLessThan(-0.8 * bound);
    }

    @Test
    void everyParameterGetsAFiniteNonZeroGradient() {
        ImageShape image = new ImageShape(2, 8, 8);
        Built b = build(new ConvEncoderSpec(List.of(3, 4), null, null, null, List.of(5), null), image, LATENT,
                DataType.DOUBLE, 4);
        SameDiff sd = b.sd();
        SDVariable loss = sd.math.square(b.q().mean()).sum().add(b.q().logVar().mul(1.5).sum());
        sd.setLossVariables(loss);
        Map<String, INDArray> params = parameters(sd);
        Map<String, INDArray> grads = sd.calculateGradients(
                Map.of("x", array(uniform(3, BATCH, (int) image.size(), 0, 1), DataType.DOUBLE)), params.keySet());
        assertThat(grads.keySet()).containsExactlyInAnyOrderElementsOf(params.keySet()).hasSize(8);
        grads.forEach((name, grad) -> {
            assertThat(grad.shape()).as(name).containsExactly(params.get(name).shape());
            assertThat(grad.isInfinite().any() || grad.isNaN().any()).as("non-finite grad of " + name).isFalse();
            assertThat(grad.amaxNumber().doubleValue()).as("|grad| of " + name).isGreaterThan(0);
        });
    }

    @Test
    void imageTooSmallForTheLayersIsAUserErrorNamingTheLayer() {
        // 28 -> 14 -> 7 -> 3 -> 1, and a 4x4 kernel with padding 1 does not fit 1x1
        ConvEncoderSpec spec = new ConvEncoderSpec(List.of(2, 2, 2, 2, 2), null, null, null, null, null);
        assertThatThrownBy(() -> build(spec, new ImageShape(1, 28, 28), LATENT, DataType.FLOAT, 1))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("model.encoder (conv)")
                .hasMessageContaining("conv5")
                .hasMessageContaining("1x1 feature map")
                .hasMessageContaining("image 1x28x28")
                .hasMessageContaining("4x4 kernel");
    }

    @Test
    void sameSeedGivesSameParameters() {
        ConvEncoderSpec spec = new ConvEncoderSpec(List.of(2), null, null, null, List.of(3), null);
        Map<String, INDArray> a = parameters(build(spec, new ImageShape(1, 4, 4), LATENT, DataType.FLOAT, 42).sd());
        Map<String, INDArray> b = parameters(build(spec, new ImageShape(1, 4, 4), LATENT, DataType.FLOAT, 42).sd());
        Map<String, INDArray> c = parameters(build(spec, new ImageShape(1, 4, 4), LATENT, DataType.FLOAT, 43).sd());
        a.forEach((name, value) -> {
            assertThat(b.get(name)).as(name).isEqualTo(value);
            assertThat(c.get(name)).as(name).isNotEqualTo(value);
        });
    }
}
