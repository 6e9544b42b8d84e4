package org.vaelab.models.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.vaelab.models.TestGraphs.array;
import static org.vaelab.models.TestGraphs.parameters;
import static org.vaelab.models.TestGraphs.uniform;
import static org.vaelab.models.conv.ConvMath.conv;
import static org.vaelab.models.conv.ConvMath.nchw;
import static org.vaelab.models.conv.ConvMath.relu;
import static org.vaelab.models.conv.ConvMath.unflatten;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.util.List;
import java.util.Map;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.NameScope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.data.ImageShape;
import org.vaelab.api.model.DecoderSpec;
import org.vaelab.api.model.EncoderSpec;
import org.vaelab.api.model.Posterior;
import org.vaelab.api.model.SeededGraphContext;
import org.vaelab.models.mlp.Activation;

/** Residual blocks of the conv encoder and decoder: config, shapes, values against plain Java, gradients. */
@SuppressWarnings("try")
class ResidualBlocksTest {

    private static final ImageShape IMAGE = new ImageShape(2, 8, 8);
    private static final int LATENT = 3;
    private static final int BATCH = 2;

    private static SeededGraphContext context(SameDiff sd) {
        return new SeededGraphContext(sd, DataType.DOUBLE, IMAGE, LATENT, 5);
    }

    @Test
    void zeroBlocksIsTheDefaultAndStaysOutOfTheSerialisedConfigSoOlderConfigHashesHold() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        mapper.registerSubtypes(new NamedType(ConvEncoderSpec.class, ConvEncoderSpec.TYPE),
                new NamedType(ConvDecoderSpec.class, ConvDecoderSpec.TYPE));
        EncoderSpec encoder = mapper.readValue("{\"type\":\"conv\"}", EncoderSpec.class);
        assertThat(((ConvEncoderSpec) encoder).residualBlocks()).isZero();
        assertThat(mapper.writerFor(EncoderSpec.class).writeValueAsString(encoder)).doesNotContain("residualBlocks");
        assertThat(mapper.writerFor(EncoderSpec.class).writeValueAsString(
                mapper.readValue("{\"type\":\"conv\",\"residualBlocks\":0}", EncoderSpec.class)))
                .doesNotContain("residualBlocks");
        DecoderSpec decoder = mapper.readValue("{\"type\":\"conv\",\"residualBlocks\":2}", DecoderSpec.class);
        assertThat(((ConvDecoderSpec) decoder).residualBlocks()).isEqualTo(2);
        String json = mapper.writerFor(DecoderSpec.class).writeValueAsString(decoder);
        assertThat(json).contains("\"residualBlocks\":2");
        assertThat(mapper.readValue(json, DecoderSpec.class)).isEqualTo(decoder);
        try (ValidatorFactory f = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory()) {
            assertThat(f.getValidator().validate(new ConvEncoderSpec(null, null, null, null, null, null, -1)))
                    .singleElement().satisfies(v -> assertThat(v.getPropertyPath().toString()).isEqualTo("residualBlocks"));
            assertThat(f.getValidator().validate(new ConvDecoderSpec(null, null, null, null, null, null, null, 65)))
                    .singleElement().satisfies(v -> assertThat(v.getPropertyPath().toString()).isEqualTo("residualBlocks"));
        }
    }

    @Test
    void anEncoderBlockIsReluOfTheInputPlusTwoThreeByThreeConvolutionsAndKeepsTheShape() {
        SameDiff sd = SameDiff.create();
        SeededGraphContext g = context(sd);
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, IMAGE.size());
        ConvEncoder encoder = new ConvEncoder(new ConvEncoderSpec(List.of(3, 4), null, null, null, List.of(5), null, 2));
        Posterior q;
        try (NameScope ns = sd.withNameScope("encoder")) {
            q = encoder.encode(g, x);
        }
        double[][] input = uniform(7, BATCH, (int) IMAGE.size(), 0, 1);
        Map<String, INDArray> out = sd.output(Map.of("x", array(input, DataType.DOUBLE)), "encoder/conv1/out",
                "encoder/conv1/res1/out", "encoder/conv1/res2/out", "encoder/conv2/res2/out", q.mean().name());
        Map<String, INDArray> p = parameters(sd);
        assertThat(out.get("encoder/conv1/res2/out").shape()).containsExactly(BATCH, 3, 4, 4);
        assertThat(out.get("encoder/conv2/res2/out").shape()).containsExactly(BATCH, 4, 2, 2);
        assertThat(out.get(q.mean().name()).shape()).containsExactly(BATCH, LATENT);
        assertThat(p.get("encoder/conv1/res1/a/w").shape()).containsExactly(3, 3, 3, 3);
        assertThat(p.get("encoder/conv2/res2/b/w").shape()).containsExactly(3, 3, 4, 4);
        // block 1 of conv1 by hand: relu(h + conv(relu(conv(h))))
        double[][][][] h = nchw(out.get("encoder/conv1/out"));
        double[][][][] inner = relu(conv(h, p.get("encoder/conv1/res1/a/w"), p.get("encoder/conv1/res1/a/b"), 1, 1));
        double[][][][] second = conv(inner, p.get("encoder/conv1/res1/b/w"), p.get("encoder/conv1/res1/b/b"), 1, 1);
        double[][][][] expected = relu(add(h, second));
        assertThat(ConvMath.maxAbsDiff(nchw(out.get("encoder/conv1/res1/out")), expected)).isLessThan(1e-12);
        assertThat(ConvMath.maxAbsDiff(h, expected)).as("the block changes its input").isGreaterThan(1e-3);
    }

    private static double[][][][] add(double[][][][] a, double[][][][] b) {
        double[][][][] s = new double[a.length][][][];
        for (int n = 0; n < a.length; n++) {
            s[n] = new double[a[n].length][][];
            for (int c = 0; c < a[n].length; c++) {
                s[n][c] = new double[a[n][c].length][];
                for (int i = 0; i < a[n][c].length; i++) {
                    s[n][c][i] = new double[a[n][c][i].length];
                    for (int j = 0; j < a[n][c][i].length; j++) {
                        s[n][c][i][j] = a[n][c][i][j] + b[n][c][i][j];
                    }
                }
            }
        }
        return s;
    }

    @Test
    void decoderBlocksSitBeforeEachTransposedConvolutionAndZeroBlocksBuildsTheSameGraphAsBefore() {
        SameDiff sd = SameDiff.create();
        SeededGraphContext g = context(sd);
        SDVariable z = sd.placeHolder("z", DataType.DOUBLE, -1, LATENT);
        ConvDecoder decoder = new ConvDecoder(new ConvDecoderSpec(List.of(6), List.of(4, 3), null, null, null,
                Activation.ELU, null, 1));
        SDVariable out;
        try (NameScope ns = sd.withNameScope("decoder")) {
            out = decoder.decode(g, z);
        }
        Map<String, INDArray> values = sd.output(Map.of("z", array(uniform(2, BATCH, LATENT, -1, 1), DataType.DOUBLE)),
                out.name(), "decoder/deconv1/res1/out", "decoder/deconv2/res1/out");
        assertThat(values.get(out.name()).shape()).containsExactly(BATCH, IMAGE.size());
        assertThat(values.get("decoder/deconv1/res1/out").shape()).containsExactly(BATCH, 4, 2, 2);
        assertThat(values.get("decoder/deconv2/res1/out").shape()).containsExactly(BATCH, 3, 4, 4);
        assertThat(parameters(sd).keySet()).noneMatch(n -> n.startsWith("decoder/deconv3"));

        // no blocks: the parameters (names, shapes, values) of the spec without the field
        SameDiff plain = SameDiff.create();
        SameDiff zero = SameDiff.create();
        for (Object[] c : new Object[][] {{plain, new ConvDecoderSpec(List.of(6), List.of(4, 3), null, null, null, null, null)},
                {zero, new ConvDecoderSpec(List.of(6), List.of(4, 3), null, null, null, null, null, 0)}}) {
            SameDiff s = (SameDiff) c[0];
            try (NameScope ns = s.withNameScope("decoder")) {
                new ConvDecoder((ConvDecoderSpec) c[1]).decode(context(s), s.placeHolder("z", DataType.DOUBLE, -1, LATENT));
            }
        }
        assertThat(parameters(zero)).isEqualTo(parameters(plain));
        assertThat(zero.ops().length).isEqualTo(plain.ops().length);
    }

    @Test
    void everyParameterOfAResidualEncoderAndDecoderGetsAFiniteNonZeroGradient() {
        SameDiff sd = SameDiff.create();
        SeededGraphContext g = context(sd);
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, IMAGE.size());
        Posterior q;
        SDVariable out;
        try (NameScope ns = sd.withNameScope("encoder")) {
            q = new ConvEncoder(new ConvEncoderSpec(List.of(3, 4), null, null, null, List.of(5), Activation.ELU, 1))
                    .encode(g, x);
        }
        try (NameScope ns = sd.withNameScope("decoder")) {
            out = new ConvDecoder(new ConvDecoderSpec(List.of(5), List.of(4, 3), null, null, null, Activation.ELU, null, 1))
                    .decode(g, q.mean().add(q.logVar()));
        }
        SDVariable loss = sd.math.square(out.sub(x)).sum();
        sd.setLossVariables(loss);
        Map<String, INDArray> params = parameters(sd);
        Map<String, INDArray> grads = sd.calculateGradients(
                Map.of("x", array(uniform(3, BATCH, (int) IMAGE.size(), 0, 1), DataType.DOUBLE)), params.keySet());
        assertThat(params.keySet()).filteredOn(n -> n.contains("/res")).hasSize(16);
        assertThat(grads.keySet()).containsExactlyInAnyOrderElementsOf(params.keySet());
        grads.forEach((name, grad) -> {
            assertThat(grad.isInfinite().any() || grad.isNaN().any()).as("non-finite grad of " + name).isFalse();
            assertThat(grad.amaxNumber().doubleValue()).as("|grad| of " + name).isGreaterThan(0);
        });
        // the blocks' gradients against central differences in double precision, element by element
        Map<String, INDArray> feed = Map.of("x", array(uniform(3, BATCH, (int) IMAGE.size(), 0, 1), DataType.DOUBLE));
        for (String name : List.of("encoder/conv1/res1/a/w", "encoder/conv1/res1/a/b", "encoder/conv2/res1/b/b",
                "decoder/deconv1/res1/a/w", "decoder/deconv2/res1/b/b")) {
            INDArray p = params.get(name);
            INDArray grad = grads.get(name);
            for (long i = 0; i < Math.min(p.length(), 6); i++) {
                double v = p.getDouble(i);
                double h = 1e-6;
                p.putScalar(i, v + h);
                double up = sd.output(feed, loss.name()).get(loss.name()).getDouble(0);
                p.putScalar(i, v - h);
                double down = sd.output(feed, loss.name()).get(loss.name()).getDouble(0);
                p.putScalar(i, v);
                assertThat(grad.getDouble(i)).as("%s[%d]", name, i)
                        .isCloseTo((up - down) / (2 * h), within(1e-6 * Math.max(1, Math.abs(grad.getDouble(i)))));
            }
        }
    }
}
