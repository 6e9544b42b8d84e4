package org.vaelab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.UserInputException;
import org.vaelab.engine.batch.Evaluator;
import org.vaelab.engine.graph.ModelComponents;
import org.vaelab.engine.graph.VaeGraph;
import org.vaelab.experiments.EngineRuns;

/**
 * A likelihood whose scale the decoder predicts ({@code sigma: decoder}): the mlp and conv decoders emit two values
 * per pixel, the mean block first; any other decoder, and a term reading one value per pixel beside it, are refused
 * in one line naming the config path.
 */
class DecoderSigmaTest {

    private static final String CONFIG = """
            name: sigma
            seed: 5
            data: {type: dsprites, trainSize: 64, testSize: 16}
            model:
              latentDim: 3
              encoder: {type: mlp, hidden: [16]}
              decoder: {type: mlp, hidden: [16]}
            losses:
              - {type: learned-gaussian-reconstruction, sigma: decoder}
              - {type: beta-kl}
            training: {epochs: 1, batchSize: 16}
            """;

    @Test
    void theMlpAndConvDecodersEmitTwoValuesPerPixelAndTheMeanIsTheFirstBlock() {
        for (List<String> decoder : List.of(List.<String>of(), List.of("model.decoder={type: conv, channels: [4, 4], dense: [8]}",
                "model.encoder={type: conv, channels: [4, 4], dense: [8]}"))) {
            EngineRuns.Model s = EngineRuns.model(CONFIG, "sigma.yaml", decoder);
            long d = s.graph().context().inputDim();
            assertThat(s.graph().context().outputsPerPixel()).isEqualTo(2);
            INDArray x = s.data().train().images().getRows(0, 1, 2);
            Map<String, INDArray> out = s.graph().sd().output(Evaluator.feeds(s.graph(), x, Nd4j.zeros(x.dataType(), 3, 3)),
                    "decoder/output", VaeGraph.MEAN);
            assertThat(out.get("decoder/output").shape()).as("%s", decoder).containsExactly(3, 2 * d);
            assertThat(out.get(VaeGraph.MEAN)).isEqualTo(out.get("decoder/output").getColumns(
                    java.util.stream.LongStream.range(0, d).mapToInt(i -> (int) i).toArray()));
            try (Engine engine = EngineChoice.choose(s.graph(), EngineKind.AUTO, 1)) {
                assertThat(engine.name()).isEqualTo("compiled");
            }
            // decoding for samples and pictures reads the mean block
            assertThat(s.graph().generator().getVariable("mean").eval(Map.of("z", Nd4j.zeros(x.dataType(), 2, 3))).shape())
                    .containsExactly(2, d);
        }
    }

    @Test
    void aTermReadingOneValuePerPixelBesideItIsRefusedNamingIt() {
        assertThatThrownBy(() -> EngineRuns.model(CONFIG, "sigma.yaml", List.of("losses[2]={type: gaussian-reconstruction}")))
                .isInstanceOf(UserInputException.class)
                .hasMessage("losses[2]: reads 1 value(s) per pixel of the decoder output, but losses[0], the model's"
                        + " likelihood, makes it emit 2");
    }

    @Test
    void aDecoderThatCannotEmitThemIsRefusedNamingModelDecoder() {
        EngineRuns.Model s = EngineRuns.model(CONFIG, "sigma.yaml", List.of());
        ModelComponents c = s.graph().components();
        org.vaelab.api.model.Decoder plain = (g, z) -> c.decoder().decode(g, z);
        assertThatThrownBy(() -> VaeGraph.build(new ModelComponents(c.encoder(), plain, c.prior(), c.losses(), null),
                s.data().info().shape(), 3, 1)).isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("model.decoder: ").hasMessageContaining("losses[0] reads 2")
                .hasMessageNotContaining("\n");
    }
}
