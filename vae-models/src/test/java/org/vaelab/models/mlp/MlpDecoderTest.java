package org.vaelab.models.mlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vaelab.models.TestGraphs.array;
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
import org.vaelab.api.model.SeededGraphContext;

class MlpDecoderTest {

    private static final ImageShape IMAGE = new ImageShape(1, 4, 4);
    private static final int LATENT = 3;
    private static final int BATCH = 5;
    private static final MlpDecoderSpec SPEC = new MlpDecoderSpec(List.of(5, 7), Activation.RELU, null);

    private record Built(SameDiff sd, SDVariable out) {
        INDArray run(double[][] z) {
            return sd.output(Map.of("z", array(z, sd.getVariable("z").dataType())), out.name()).get(out.name());
        }
    }

    @SuppressWarnings("try")    // the name scope is used for its side effect
    private static Built build(MlpDecoderSpec spec, DataType type, long seed) {
        SameDiff sd = SameDiff.create();
        SeededGraphContext g = new SeededGraphContext(sd, type, IMAGE, LATENT, seed);
        SDVariable z = sd.placeHolder("z", type, -1, LATENT);
        try (NameScope ignored = sd.withNameScope("decoder")) {
            return new Built(sd, new MlpDecoder(spec).decode(g, z));
        }
    }

    @Test
    void outputIsBatchByPixelsForAnyBatchSize() {
        Built b = build(SPEC, DataType.FLOAT, 1);
        assertThat(b.out().name()).isEqualTo("decoder/output");
        assertThat(b.run(uniform(2, BATCH, LATENT, -2, 2)).shape()).containsExactly(BATCH, 16);
        assertThat(b.run(uniform(2, 1, LATENT, -2, 2)).shape()).containsExactly(1, 16);
    }

    @Test
    void parametersAreScopedAndShaped() {
        Map<String, INDArray> p = parameters(build(SPEC, DataType.FLOAT, 1).sd());
        assertThat(p.keySet()).containsExactlyInAnyOrder(
                "decoder/fc1/w", "decoder/fc1/b", "decoder/fc2/w", "decoder/fc2/b", "decoder/head/w", "decoder/head/b");
        assertThat(p.get("decoder/fc1/w").shape()).containsExactly(LATENT, 5);
        assertThat(p.get("decoder/fc1/b").shape()).containsExactly(5);
        assertThat(p.get("decoder/fc2/w").shape()).containsExactly(5, 7);
        assertThat(p.get("decoder/fc2/b").shape()).containsExactly(7);
        assertThat(p.get("decoder/head/w").shape()).containsExactly(7, 16);
        assertThat(p.get("decoder/head/b").shape()).containsExactly(16);
        assertThat(p.get("decoder/head/w").amaxNumber().doubleValue()).isLessThanOrEqualTo(1 / Math.sqrt(7));
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void forwardPassMatchesPlainJava(DataType type) {
        Built b = build(SPEC, type, 8);
        double[][] z = uniform(4, BATCH, LATENT, -2, 2);
        Map<String, INDArray> p = parameters(b.sd());

        double[][] h1 = map(dense(z, p.get("decoder/fc1/w"), p.get("decoder/fc1/b")), v -> Math.max(0, v));
        double[][] h2 = map(dense(h1, p.get("decoder/fc2/w"), p.get("decoder/fc2/b")), v -> Math.max(0, v));
        double[][] logits = dense(h2, p.get("decoder/head/w"), p.get("decoder/head/b"));

        INDArray out = b.run(z);
        assertThat(out.dataType()).isEqualTo(type);
        assertThat(maxAbsDiff(matrix(out), logits)).isLessThan(1e-5);
    }

    @Test
    void outputActivationIsAppliedToTheLogits() {
        // same seed and names give the same weights, so the sigmoid output is sigmoid(logits)
        Built logits = build(SPEC, DataType.DOUBLE, 6);
        Built probs = build(new MlpDecoderSpec(List.of(5, 7), Activation.RELU, Activation.SIGMOID), DataType.DOUBLE, 6);
        assertThat(probs.out().name()).isEqualTo("decoder/output");
        double[][] z = uniform(1, BATCH, LATENT, -2, 2);
        double[][] expected = map(matrix(logits.run(z)), v -> 1 / (1 + Math.exp(-v)));
        assertThat(maxAbsDiff(matrix(probs.run(z)), expected)).isLessThan(1e-12);
    }

    @Test
    void emptyHiddenListGivesALinearDecoder() {
        Built b = build(new MlpDecoderSpec(List.of(), null, null), DataType.DOUBLE, 3);
        Map<String, INDArray> p = parameters(b.sd());
        assertThat(p.keySet()).containsExactlyInAnyOrder("decoder/head/w", "decoder/head/b");
        double[][] z = uniform(2, BATCH, LATENT, -1, 1);
        assertThat(maxAbsDiff(matrix(b.run(z)), dense(z, p.get("decoder/head/w"), p.get("decoder/head/b"))))
                .isLessThan(1e-12);
    }

    @Test
    void everyParameterGetsAGradient() {
        Built b = build(SPEC, DataType.FLOAT, 9);
        SDVariable loss = b.sd().math.square(b.out()).sum();
        b.sd().setLossVariables(loss);
        Map<String, INDArray> params = parameters(b.sd());
        Map<String, INDArray> grads = b.sd().calculateGradients(
                Map.of("z", array(uniform(5, BATCH, LATENT, -2, 2), DataType.FLOAT)), params.keySet());
        assertThat(grads.keySet()).containsExactlyInAnyOrderElementsOf(params.keySet());
        grads.forEach((name, grad) -> {
            assertThat(grad.shape()).as(name).containsExactly(params.get(name).shape());
            assertThat(grad.amaxNumber().doubleValue()).as("|grad| of " + name).isGreaterThan(0);
        });
    }

    @Test
    void sameSeedGivesSameParametersAndOtherSeedDiffers() {
        Map<String, INDArray> a = parameters(build(SPEC, DataType.FLOAT, 42).sd());
        Map<String, INDArray> b = parameters(build(SPEC, DataType.FLOAT, 42).sd());
        Map<String, INDArray> c = parameters(build(SPEC, DataType.FLOAT, 7).sd());
        a.forEach((name, value) -> {
            assertThat(b.get(name)).as(name).isEqualTo(value);
            assertThat(c.get(name)).as(name).isNotEqualTo(value);
        });
    }

    @SuppressWarnings("try")    // the name scope is used for its side effect
    @Test
    void encoderMeanFeedsDecoderInOneGraph() {
        SameDiff sd = SameDiff.create();
        SeededGraphContext g = new SeededGraphContext(sd, DataType.DOUBLE, new ImageShape(1, 2, 3), LATENT, 1);
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 6);
        SDVariable mean;
        try (NameScope ignored = sd.withNameScope("encoder")) {
            mean = new MlpEncoder(new MlpEncoderSpec(List.of(4), null)).encode(g, x).mean();
        }
        SDVariable out;
        try (NameScope ignored = sd.withNameScope("decoder")) {
            out = new MlpDecoder(new MlpDecoderSpec(List.of(4), null, null)).decode(g, mean);
        }
        assertThat(parameters(sd).keySet()).containsExactlyInAnyOrder(
                "encoder/fc1/w", "encoder/fc1/b", "encoder/head/w", "encoder/head/b",
                "decoder/fc1/w", "decoder/fc1/b", "decoder/head/w", "decoder/head/b");
        INDArray result = sd.output(Map.of("x", array(uniform(3, BATCH, 6, 0, 1), DataType.DOUBLE)), out.name())
                .get(out.name());
        assertThat(result.shape()).containsExactly(BATCH, 6);
    }
}
