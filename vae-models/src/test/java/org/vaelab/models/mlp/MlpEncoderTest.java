package org.vaelab.models.mlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.vaelab.models.TestGraphs.array;
import static org.vaelab.models.TestGraphs.columns;
import static org.vaelab.models.TestGraphs.dense;
import static org.vaelab.models.TestGraphs.map;
import static org.vaelab.models.TestGraphs.matrix;
import static org.vaelab.models.TestGraphs.maxAbsDiff;
import static org.vaelab.models.TestGraphs.parameters;
import static org.vaelab.models.TestGraphs.uniform;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.NameScope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.data.ImageShape;
import org.vaelab.api.model.Posterior;
import org.vaelab.api.model.SeededGraphContext;

class MlpEncoderTest {

    private static final ImageShape IMAGE = new ImageShape(1, 4, 4);
    private static final int LATENT = 3;
    private static final int BATCH = 5;
    private static final MlpEncoderSpec SPEC = new MlpEncoderSpec(List.of(8, 6), Activation.RELU);

    /** A built encoder graph: placeholder {@code x} and the posterior. */
    private record Built(SameDiff sd, Posterior q) {
        Map<String, INDArray> run(double[][] x) {
            return sd.output(Map.of("x", array(x, sd.getVariable("x").dataType())),
                    q.mean().name(), q.logVar().name());
        }
    }

    @SuppressWarnings("try")    // the name scope is used for its side effect
    private static Built build(MlpEncoderSpec spec, DataType type, long seed) {
        SameDiff sd = SameDiff.create();
        SeededGraphContext g = new SeededGraphContext(sd, type, IMAGE, LATENT, seed);
        SDVariable x = sd.placeHolder("x", type, -1, IMAGE.size());
        try (NameScope ignored = sd.withNameScope("encoder")) {
            return new Built(sd, new MlpEncoder(spec).encode(g, x));
        }
    }

    @Test
    void outputsHaveBatchByLatentShapeForAnyBatchSize() {
        Built b = build(SPEC, DataType.FLOAT, 1);
        for (int batch : new int[] {BATCH, 2}) {
            Map<String, INDArray> out = b.run(uniform(7, batch, 16, 0, 1));
            assertThat(out.get(b.q().mean().name()).shape()).containsExactly(batch, LATENT);
            assertThat(out.get(b.q().logVar().name()).shape()).containsExactly(batch, LATENT);
        }
    }

    @Test
    void outputsAndParametersAreScopedAndShaped() {
        Built b = build(SPEC, DataType.FLOAT, 1);
        assertThat(b.q().mean().name()).isEqualTo("encoder/mean");
        assertThat(b.q().logVar().name()).isEqualTo("encoder/logvar");
        Map<String, INDArray> params = parameters(b.sd());
        assertThat(params.keySet()).containsExactlyInAnyOrder(
                "encoder/fc1/w", "encoder/fc1/b", "encoder/fc2/w", "encoder/fc2/b", "encoder/head/w", "encoder/head/b");
        assertThat(params.get("encoder/fc1/w").shape()).containsExactly(16, 8);
        assertThat(params.get("encoder/fc1/b").shape()).containsExactly(8);
        assertThat(params.get("encoder/fc2/w").shape()).containsExactly(8, 6);
        assertThat(params.get("encoder/fc2/b").shape()).containsExactly(6);
        assertThat(params.get("encoder/head/w").shape()).containsExactly(6, 2 * LATENT);
        assertThat(params.get("encoder/head/b").shape()).containsExactly(2 * LATENT);
        assertThat(params.values()).allSatisfy(p -> assertThat(p.dataType()).isEqualTo(DataType.FLOAT));
    }

    @Test
    void parametersFollowPyTorchDefaultInit() {
        Map<String, INDArray> params = parameters(build(SPEC, DataType.DOUBLE, 3).sd());
        // U(-1/sqrt(fanIn), 1/sqrt(fanIn)) for weights and biases alike
        assertBounded(params.get("encoder/fc1/w"), 1 / Math.sqrt(16));
        assertBounded(params.get("encoder/fc1/b"), 1 / Math.sqrt(16));
        assertBounded(params.get("encoder/fc2/w"), 1 / Math.sqrt(8));
        assertBounded(params.get("encoder/head/w"), 1 / Math.sqrt(6));
        assertBounded(params.get("encoder/head/b"), 1 / Math.sqrt(6));
        // spread over the interval, not a constant: fc1/w has 128 draws
        double bound = 1 / Math.sqrt(16);
        assertThat(params.get("encoder/fc1/w").maxNumber().doubleValue()).isGreaterThan(0.8 * bound);
        assertThat(params.get("encoder/fc1/w").minNumber().doubleValue()).isLessThan(-0.8 * bound);
    }

    private static void assertBounded(INDArray a, double bound) {
        assertThat(a.amaxNumber().doubleValue()).isLessThanOrEqualTo(bound).isGreaterThan(0);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void forwardPassMatchesPlainJava(DataType type) {
        Built b = build(SPEC, type, 11);
        double[][] x = uniform(5, BATCH, 16, 0, 1);
        Map<String, INDArray> out = b.run(x);
        Map<String, INDArray> p = parameters(b.sd());

        double[][] h1 = map(dense(x, p.get("encoder/fc1/w"), p.get("encoder/fc1/b")), v -> Math.max(0, v));
        double[][] h2 = map(dense(h1, p.get("encoder/fc2/w"), p.get("encoder/fc2/b")), v -> Math.max(0, v));
        double[][] head = dense(h2, p.get("encoder/head/w"), p.get("encoder/head/b"));

        assertThat(maxAbsDiff(matrix(out.get("encoder/mean")), columns(head, 0, LATENT))).isLessThan(1e-5);
        assertThat(maxAbsDiff(matrix(out.get("encoder/logvar")), columns(head, LATENT, 2 * LATENT))).isLessThan(1e-5);
        assertThat(out.get("encoder/mean").dataType()).isEqualTo(type);
    }

    @Test
    void emptyHiddenListGivesALinearEncoder() {
        Built b = build(new MlpEncoderSpec(List.of(), Activation.TANH), DataType.DOUBLE, 2);
        Map<String, INDArray> p = parameters(b.sd());
        assertThat(p.keySet()).containsExactlyInAnyOrder("encoder/head/w", "encoder/head/b");
        assertThat(p.get("encoder/head/w").shape()).containsExactly(16, 2 * LATENT);

        double[][] x = uniform(9, BATCH, 16, -1, 1);
        double[][] head = dense(x, p.get("encoder/head/w"), p.get("encoder/head/b"));
        Map<String, INDArray> out = b.run(x);
        assertThat(maxAbsDiff(matrix(out.get("encoder/mean")), columns(head, 0, LATENT))).isLessThan(1e-10);
        assertThat(maxAbsDiff(matrix(out.get("encoder/logvar")), columns(head, LATENT, 2 * LATENT))).isLessThan(1e-10);
    }

    @Test
    void everyParameterGetsAGradientThroughBothSlices() {
        Built b = build(SPEC, DataType.DOUBLE, 4);
        SameDiff sd = b.sd();
        // weights differ per column so a slice that routes gradients to the wrong columns is caught
        SDVariable loss = b.q().mean().mul(sd.constant(array(new double[][] {{1, 2, 3}}, DataType.DOUBLE))).sum()
                .add(b.q().logVar().mul(sd.constant(array(new double[][] {{-4, 5, -6}}, DataType.DOUBLE))).sum());
        sd.setLossVariables(loss);
        Map<String, INDArray> params = parameters(sd);
        Map<String, INDArray> grads = sd.calculateGradients(
                Map.of("x", array(uniform(3, BATCH, 16, 0, 1), DataType.DOUBLE)), params.keySet());

        assertThat(grads.keySet()).containsExactlyInAnyOrderElementsOf(params.keySet());
        grads.forEach((name, grad) -> {
            assertThat(grad.shape()).as(name).containsExactly(params.get(name).shape());
            assertThat(grad.amaxNumber().doubleValue()).as("|grad| of " + name).isGreaterThan(0);
        });
        // d loss / d head/b = batch * column weights, exactly: mean columns first, then logVar
        double[] expected = {5 * 1, 5 * 2, 5 * 3, 5 * -4, 5 * 5, 5 * -6};
        assertThat(grads.get("encoder/head/b").toDoubleVector()).containsExactly(expected, within(1e-9));
    }

    @Test
    void sameSeedGivesSameParametersAndOtherSeedDiffers() {
        Map<String, INDArray> a = parameters(build(SPEC, DataType.FLOAT, 42).sd());
        Map<String, INDArray> b = parameters(build(SPEC, DataType.FLOAT, 42).sd());
        Map<String, INDArray> c = parameters(build(SPEC, DataType.FLOAT, 43).sd());
        assertThat(a.keySet()).isEqualTo(b.keySet()).isEqualTo(c.keySet());
        a.forEach((name, value) -> {
            assertThat(b.get(name)).as(name).isEqualTo(value);
            assertThat(c.get(name)).as(name).isNotEqualTo(value);
        });
    }

    @Test
    void layersDrawIndependentValues() {
        Map<String, INDArray> p = parameters(build(new MlpEncoderSpec(List.of(16), null), DataType.DOUBLE, 5).sd());
        // same shape, same initializer, different names: the draws must differ
        assertThat(p.get("encoder/fc1/b")).isNotEqualTo(p.get("encoder/fc1/w").getRow(0));
    }
}
