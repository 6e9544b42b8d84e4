package org.vaelab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vaelab.api.Seeds;
import org.vaelab.api.data.DataSplit;
import org.vaelab.engine.batch.BatchIterator;
import org.vaelab.engine.batch.Evaluator;
import org.vaelab.experiments.EngineRuns;

/**
 * The compiled engine against SameDiff, the reference, on models beyond the vanilla VAE:
 * corruptions with and without masks, the mission's loss terms, a plugin prior with a Monte Carlo KL, a
 * plugin loss term, more activations and likelihoods, convolutions. Same
 * parameters and batches must give the same loss terms and gradients (relative 1e-5), evaluation, IWAE and
 * training trajectory (float rounding only), and the same numbers on every run.
 */
class CompiledEngineTest {

    private static final String BASE = """
            name: compiled
            seed: 5
            data: {type: dsprites, trainSize: 96, testSize: 40}
            model:
              latentDim: 3
              encoder: {type: mlp, hidden: [24, 12]}
              decoder: {type: mlp, hidden: [12, 24]}
            losses:
              - {type: bernoulli-reconstruction}
              - {type: beta-kl, beta: 2.0}
            training: {epochs: 1, batchSize: 32, logEvery: 1, engine: compiled}
            evaluation: {batchSize: 16}
            """;

    /** Variants that only the compiled engine and SameDiff run: overrides of {@link #BASE}. */
    private static final List<List<String>> VARIANTS = List.of(
            List.of("corruption={type: block-occlusion, blocks: 1, minSize: 8, maxSize: 20}",
                    "losses[0]={type: occlusion-weighted-reconstruction, lambdaHidden: 4.0, lambdaVisible: 1.0}"),
            List.of("corruption={type: salt-and-pepper, probability: 0.2}", "losses[0]={type: denoising}"),
            List.of("model.prior={type: scaled-normal, scale: 1.5}", "losses[2]={type: latent-l2, weight: 0.3}"),
            List.of("model.encoder.activation=elu", "model.decoder.activation=leaky-relu",
                    "losses[0]={type: gaussian-reconstruction, sigma: 0.3}"),
            List.of("model.encoder={type: conv, channels: [3, 5], kernel: 4, stride: 2, padding: 1, dense: [12]}",
                    "model.decoder={type: conv, channels: [5, 3], kernel: 4, stride: 2, padding: 1, dense: [12]}",
                    "corruption={type: gaussian-noise, sigma: 0.2}"),
            // odd sizes and borders: 3x3 kernels without padding in the encoder, 6x6 with padding 2 in the decoder
            List.of("model.encoder={type: conv, channels: [2, 3], kernel: 3, stride: 2, padding: 0, dense: [8]}",
                    "model.decoder={type: conv, channels: [3, 2], kernel: 6, stride: 2, padding: 2, dense: [8]}"));

    private static EngineRuns.Model setup(List<String> overrides) {
        return EngineRuns.model(BASE, "compiled.yaml", overrides);
    }

    /** One training batch with its corruption and noise, as the training loop feeds it. */
    private static Map<String, INDArray> batch(EngineRuns.Model s, int rows) {
        BatchIterator it = new BatchIterator(s.data().train().images(), s.data().info().shape(), rows,
                s.graph().context().latentDim(), new SplittableRandom(1), 2L,
                s.graph().components().corruption(), 3L);
        return s.graph().feeds(it.next());
    }

    /** max |a - b| / max |b|: relative to the gradient's own scale. */
    private static double relativeError(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue() / Math.max(b.amaxNumber().doubleValue(), 1e-12);
    }

    @Test
    void aBatchOfOneImageGivesTheGradientOfThatImageTwice() {
        // an epoch's last batch can hold one image (97 images in batches of 32); ND4J's own column sum of a
        // [1, n] array fails in M2.1 (SameDiff's session too), so the engine's kernels must take it. The loss is
        // a batch mean, so one image's gradient is that of a batch holding it twice.
        for (List<String> variant : VARIANTS) {
            EngineRuns.Model s = setup(variant);
            Map<String, INDArray> feeds = batch(s, 1);
            Map<String, INDArray> twice = new java.util.HashMap<>();
            feeds.forEach((name, a) -> twice.put(name, a.rank() == 0 ? a : Nd4j.concat(0, a, a)));
            try (CompiledEngine engine = CompiledEngine.compile(s.graph(), 2)) {
                Map<String, INDArray> reference = engine.gradients(twice);
                Map<String, INDArray> ours = engine.gradients(feeds);
                ours.forEach((name, g) -> assertThat(relativeError(g, reference.get(name))).as(variant + ": " + name)
                        .isLessThan(1e-5));
            }
        }
    }

    @Test
    void theSameDiffEngineRefusesAnEpochEndingInOneImageBeforeItsFirstStep() {
        EngineRuns.Model s = setup(List.of("data.trainSize=65", "training.engine=samediff"));
        assertThatThrownBy(() -> EngineRuns.oneEpoch(s.config(), s.data(), s.graph(), "samediff", 3))
                .isInstanceOf(org.vaelab.api.UserInputException.class)
                .hasMessageContaining("training.batchSize: 32 leaves one image of the 65 training images");
        assertThat(s.graph().sd().getTrainingConfig().getIterationCount()).isZero();
    }

    @Test
    void gradientsAndLossTermsMatchSameDiffForEveryVariant() {
        for (List<String> variant : VARIANTS) {
            for (int threads : new int[] {1, 2, 3}) {
                EngineRuns.Model s = setup(variant);
                Map<String, INDArray> feeds = batch(s, 13);
                Map<String, INDArray> reference = s.graph().sd().calculateGradients(feeds, s.graph().parameters().keySet());
                Map<String, INDArray> terms = s.graph().sd().output(feeds,
                        s.graph().termMetricNames().toArray(String[]::new));
                try (CompiledEngine engine = CompiledEngine.compile(s.graph(), threads)) {
                    Map<String, INDArray> ours = engine.gradients(feeds);
                    assertThat(ours.keySet()).as(variant.toString()).containsExactlyInAnyOrderElementsOf(reference.keySet());
                    ours.forEach((name, g) -> assertThat(relativeError(g, reference.get(name)))
                            .as(variant + " " + threads + " threads: " + name).isLessThan(1e-5));
                    s.graph().sd().setTrainingConfig(new TrainingConfig.Builder()
                            .updater(s.config().training().optimizer().toUpdater())
                            .dataSetFeatureMapping(s.graph().featureNames()).markLabelsUnused().build());
                    Map<String, Double> values = engine.trainStep(feeds);
                    terms.forEach((name, v) -> assertThat(values.get(name)).as(variant + " " + name)
                            .isCloseTo(v.getDouble(0), within(1e-5 * Math.abs(v.getDouble(0)) + 1e-6)));
                }
            }
        }
    }

    @Test
    void evaluationAndIwaeMatchSameDiff() {
        EngineRuns.Model s = setup(VARIANTS.get(2));
        Engine reference = new SameDiffEngine(s.graph(), "reference");
        try (Engine compiled = CompiledEngine.compile(s.graph(), 2)) {
            Map<String, Double> expected = Evaluator.evaluate(reference, s.data().test(), 40, 4, "");
            Map<String, Double> ours = Evaluator.evaluate(compiled, s.data().test(), 40, 4, "");
            assertThat(ours.keySet()).isEqualTo(expected.keySet());
            expected.forEach((k, v) -> assertThat(ours.get(k)).as(k).isCloseTo(v, within(1e-5 * Math.abs(v) + 1e-6)));
            DataSplit few = new DataSplit(s.data().test().images().get(NDArrayIndex.interval(0, 5), NDArrayIndex.all())
                    .dup(), null, null);
            double iwaeReference = Evaluator.iwaeNegLogLikelihood(reference, few, 60, 1000, 8);   // 300 rows: two passes
            double iwae = Evaluator.iwaeNegLogLikelihood(compiled, few, 60, 1000, 8);
            assertThat(iwae).isCloseTo(iwaeReference, within(1e-5 * Math.abs(iwaeReference)));
        }
    }

    @Test
    void encodingDecodingAndSamplingMatchSameDiffWithTheCurrentParameters() {
        for (List<String> variant : List.of(VARIANTS.get(2), VARIANTS.get(4))) {
            EngineRuns.Model s = setup(variant);
            // the second variant through an engine built for a trained model's commands: no backward graph
            boolean forInference = variant == VARIANTS.get(4);
            try (Engine compiled = forInference ? CompiledEngine.forInference(s.graph(), 2) : CompiledEngine.compile(s.graph(), 2)) {
                if (forInference) {
                    assertThat(s.graph().sd().getFunction("grad")).as("differentiated for inference").isNull();
                }
                Engine reference = new SameDiffEngine(s.graph(), "reference");
                INDArray images = s.data().test().images();
                var ours = compiled.encode(images);
                var theirs = reference.encode(images);
                assertThat(relativeError(ours.mean(), theirs.mean())).as(variant + " means").isLessThan(1e-5);
                assertThat(relativeError(ours.logVar(), theirs.logVar())).as(variant + " log-variances").isLessThan(1e-5);
                INDArray z = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 300, 3).subi(0.5);
                INDArray before = compiled.decode(z).dup();
                assertThat(relativeError(before, reference.decode(z))).as(variant + " decode").isLessThan(1e-5);
                assertThat(relativeError(compiled.sample(7, 3), reference.sample(7, 3))).as(variant + " samples").isLessThan(1e-5);
                // a training step changes the parameters in place: decoding follows them
                s.graph().parameters().entrySet().stream().filter(e -> e.getKey().startsWith("decoder/"))
                        .reduce((first, last) -> last).orElseThrow().getValue().addi(0.5);
                INDArray after = compiled.decode(z);
                assertThat(relativeError(after, before)).as(variant + " decodes with the current parameters").isGreaterThan(1e-3);
            }
        }
    }

    /** One epoch from the same initial parameters, batches, noise and corruption (96 images, batches of 32). */
    private static EngineRuns.Epoch trainOneEpoch(List<String> variant, String engine, int threads) {
        List<String> overrides = new java.util.ArrayList<>(variant);
        overrides.add("training.engine=" + engine);
        overrides.add("training.threads=" + threads);
        EngineRuns.Model s = setup(overrides);
        return EngineRuns.oneEpoch(s.config(), s.data(), s.graph(), engine, 3);
    }

    @Test
    void oneEpochFollowsSameDiffsTrajectoryIncludingAdamState() {
        // a corrupted variant (its batches drawn ahead on a thread) and a plain one (drawn inline into reused arrays)
        for (List<String> variant : List.of(VARIANTS.get(0), VARIANTS.get(2))) {
            followsSameDiff(variant);
        }
    }

    private void followsSameDiff(List<String> variant) {
        EngineRuns.Epoch reference = trainOneEpoch(variant, "samediff", 1);
        EngineRuns.Epoch ours = trainOneEpoch(variant, "compiled", 2);
        reference.parameters().forEach((name, p) -> assertThat(relativeError(ours.parameters().get(name), p)).as(name)
                .isLessThan(1e-3));
        assertThat(ours.adam().keySet()).isEqualTo(reference.adam().keySet()).isNotEmpty();
        reference.adam().forEach((name, m) -> assertThat(relativeError(ours.adam().get(name), m)).as(name).isLessThan(1e-3));
        assertThat(ours.terms().keySet()).isEqualTo(reference.terms().keySet()).isNotEmpty();
        reference.terms().forEach((k, v) -> assertThat(ours.terms().get(k)).as(k)
                .isCloseTo(v, within(1e-4 * Math.abs(v) + 1e-4)));
    }

    @Test
    void aThreadCountGivesTheSameNumbersEveryTime() {
        for (List<String> variant : List.of(VARIANTS.get(1), VARIANTS.get(4), VARIANTS.get(5))) {
            Map<String, INDArray> first = trainOneEpoch(variant, "compiled", 2).parameters();
            Map<String, INDArray> second = trainOneEpoch(variant, "compiled", 2).parameters();
            first.forEach((name, p) -> assertThat(second.get(name)).as(variant + " " + name).isEqualTo(p));
        }
    }

    @Test
    void theEngineKernelsAgreeWithNd4jsOwnOps() {
        for (List<String> variant : VARIANTS) {
            EngineRuns.Model s = setup(variant);
            Map<String, INDArray> feeds = batch(s, 17);
            try (CompiledEngine engine = CompiledEngine.compile(s.graph(), 2);
                    CompiledEngine nd4j = CompiledEngine.compile(s.graph(), 1)) {
                nd4j.useKernels(false);
                Map<String, INDArray> ours = engine.gradients(feeds);
                Map<String, INDArray> theirs = nd4j.gradients(feeds);
                assertThat(engine.kernelCoverage().keySet()).as("kernels ran").anyMatch(k -> !k.endsWith("(nd4j)"));
                if (variant.get(0).contains("type: conv")) {
                    assertThat(engine.kernelCoverage()).as("convolutions on the engine's kernels")
                            .containsKeys("conv2d", "conv2d_bp", "deconv2d", "deconv2d_bp");
                }
                assertThat(nd4j.kernelCoverage().keySet()).allMatch(k -> k.endsWith("(nd4j)"));
                ours.forEach((name, g) -> assertThat(relativeError(g, theirs.get(name))).as(variant + " " + name)
                        .isLessThan(1e-5));
            }
        }
    }

    @Test
    void theSeedDecidesTheNoiseNotTheEngine() {
        // sanity for the fixtures above: the same seeds give the same batch twice
        EngineRuns.Model s = setup(VARIANTS.get(1));
        assertThat(batch(s, 8)).isEqualTo(batch(s, 8));
        assertThat(Seeds.derive(1, "x")).isEqualTo(Seeds.derive(1, "x"));
    }
}
