package org.vaelab.engine.dense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vaelab.api.UserInputException;
import org.vaelab.api.data.DataSplit;
import org.vaelab.engine.DenseEngine;
import org.vaelab.engine.Engine;
import org.vaelab.engine.EngineChoice;
import org.vaelab.engine.SameDiffEngine;
import org.vaelab.engine.batch.Evaluator;
import org.vaelab.engine.graph.VaeGraph;
import org.vaelab.experiments.EngineRuns;

/**
 * The dense engine against SameDiff, the reference: the same graph parameters and batches must give the
 * same loss terms, gradients, evaluation and training trajectory (up to float rounding).
 */
class DenseVaeTest {

    /** Bernoulli likelihood, relu, beta-weighted KL: the standard model. */
    private static final String BERNOULLI = """
            name: dense-bernoulli
            seed: 5
            data: {type: dsprites, trainSize: 96, testSize: 40}
            model:
              latentDim: 3
              encoder: {type: mlp, hidden: [24, 12]}
              decoder: {type: mlp, hidden: [12, 24]}
            losses:
              - {type: bernoulli-reconstruction, weight: 1.5}
              - {type: beta-kl, beta: 2.0}
            training: {epochs: 1, batchSize: 32, logEvery: 1}
            evaluation: {batchSize: 16}
            """;

    /** Gaussian likelihood, tanh and sigmoid activations, two KL terms. */
    private static final String GAUSSIAN = """
            name: dense-gaussian
            seed: 9
            data: {type: dsprites, trainSize: 64, testSize: 20}
            model:
              latentDim: 2
              encoder: {type: mlp, hidden: [16], activation: tanh}
              decoder: {type: mlp, hidden: [16], activation: sigmoid}
            losses:
              - {type: gaussian-reconstruction, sigma: 0.5}
              - {type: beta-kl, beta: 0.5}
              - {type: beta-kl, beta: 1.0, weight: 0.25}
            training: {epochs: 1, batchSize: 16, logEvery: 1}
            evaluation: {batchSize: 20}
            """;

    /** A conv model, which has no dense form. */
    private static final String CONV = """
            name: dense-conv
            seed: 3
            data: {type: dsprites, trainSize: 64, testSize: 20}
            model:
              latentDim: 3
              encoder: {type: conv, channels: [3, 5], kernel: 4, stride: 2, padding: 1, dense: [12]}
              decoder: {type: conv, channels: [5, 3], kernel: 4, stride: 2, padding: 1, dense: [12]}
            losses:
              - {type: bernoulli-reconstruction}
              - {type: beta-kl, beta: 1.5}
            training: {epochs: 1, batchSize: 16, logEvery: 1}
            evaluation: {batchSize: 20}
            """;

    private static EngineRuns.Model setup(String yaml, String... overrides) {
        return EngineRuns.model(yaml, "dense.yaml", List.of(overrides));
    }

    private static INDArray normal(long rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[Math.toIntExact(rows * cols)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble()));
        }
        return org.nd4j.linalg.factory.Nd4j.create(v, new long[] {rows, cols});
    }

    private static DenseVae dense(VaeGraph graph, int threads) {
        List<String> missing = new ArrayList<>();
        DenseVae d = DenseForms.build(graph, threads, missing);
        assertThat(missing).isEmpty();
        return d;
    }

    /** max |a - b| / (max |b| + 1e-3): relative to the gradient's own scale. */
    private static double relativeError(INDArray a, INDArray b) {
        double scale = b.amaxNumber().doubleValue() + 1e-3;
        return a.sub(b).amaxNumber().doubleValue() / scale;
    }

    private static void assertGradientsMatchSameDiff(String yaml, int threads) {
        EngineRuns.Model s = setup(yaml);
        VaeGraph graph = s.graph();
        INDArray x = s.data().train().images().get(NDArrayIndex.interval(0, 13), NDArrayIndex.all()).dup();
        INDArray eps = normal(13, graph.context().latentDim(), 3);
        Map<String, INDArray> feeds = Evaluator.feeds(graph, x, eps);

        Map<String, INDArray> reference = graph.sd().calculateGradients(feeds, graph.parameters().keySet());
        try (DenseVae dense = dense(graph, threads)) {
            Map<String, INDArray> ours = dense.gradients(x, eps);
            assertThat(ours.keySet()).containsExactlyInAnyOrderElementsOf(graph.parameters().keySet());
            for (String name : ours.keySet()) {
                assertThat(relativeError(ours.get(name), reference.get(name))).as(name).isLessThan(1e-4);
            }
            // the loss terms too, as SameDiff computes them
            List<String> names = new ArrayList<>(graph.termMetricNames());
            Map<String, INDArray> values = graph.sd().output(feeds, names.toArray(String[]::new));
            DenseVae.BatchValues v = dense.evaluate(x, eps);
            for (String name : names) {
                double expected = values.get(name).getDouble(0);
                assertThat(v.termMeans().get(name)).as(name).isCloseTo(expected, within(1e-4 * Math.abs(expected) + 1e-4));
            }
        }
    }

    @Test
    void gradientsAndLossTermsMatchSameDiffForTheBernoulliModel() {
        assertGradientsMatchSameDiff(BERNOULLI, 1);
        assertGradientsMatchSameDiff(BERNOULLI, 2);
        assertGradientsMatchSameDiff(BERNOULLI, 5);            // more threads than... uneven row splits
    }

    @Test
    void gradientsMatchSameDiffForGaussianLikelihoodTanhSigmoidAndTwoKlTerms() {
        assertGradientsMatchSameDiff(GAUSSIAN, 2);
    }

    @Test
    void evaluationMatchesSameDiffIncludingIwae() {
        EngineRuns.Model s = setup(BERNOULLI);
        try (Engine dense = new DenseEngine(dense(s.graph(), 2))) {
            Engine sameDiff = new SameDiffEngine(s.graph(), "reference");
            Map<String, Double> reference = Evaluator.evaluate(sameDiff, s.data().test(), 16, 4, "");
            Map<String, Double> ours = Evaluator.evaluate(dense, s.data().test(), 16, 4, "");
            assertThat(ours.keySet()).isEqualTo(reference.keySet());
            reference.forEach((k, v) -> assertThat(ours.get(k)).as(k).isCloseTo(v, within(1e-4 * Math.abs(v) + 1e-5)));

            DataSplit few = new DataSplit(s.data().test().images().get(NDArrayIndex.interval(0, 5), NDArrayIndex.all())
                    .dup(), null, null);
            double iwaeReference = Evaluator.iwaeNegLogLikelihood(sameDiff, few, 50, 120, 8);
            double iwae = Evaluator.iwaeNegLogLikelihood(dense, few, 50, 120, 8);
            assertThat(iwae).isCloseTo(iwaeReference, within(1e-4 * Math.abs(iwaeReference)));
        }
    }

    /** One epoch of each engine from the same initial parameters, batches and noise (96 images, batches of 32). */
    private static EngineRuns.Epoch trainOneEpoch(String yaml, String engine, int threads) {
        EngineRuns.Model s = setup(yaml, "training.engine=" + engine, "training.threads=" + threads);
        return EngineRuns.oneEpoch(s.config(), s.data(), s.graph(), engine, 3);
    }

    @Test
    void oneEpochFollowsSameDiffsTrajectoryIncludingAdamState() {
        EngineRuns.Epoch reference = trainOneEpoch(BERNOULLI, "samediff", 1);
        EngineRuns.Epoch ours = trainOneEpoch(BERNOULLI, "dense", 2);
        reference.parameters().forEach((name, p) -> assertThat(relativeError(ours.parameters().get(name), p)).as(name)
                .isLessThan(1e-3));
        assertThat(ours.adam().keySet()).isEqualTo(reference.adam().keySet()).isNotEmpty();
        reference.adam().forEach((name, m) -> assertThat(relativeError(ours.adam().get(name), m)).as(name).isLessThan(1e-3));
        assertThat(reference.terms()).isNotEmpty();
        reference.terms().forEach((k, v) -> assertThat(ours.terms().get(k)).as(k)
                .isCloseTo(v, within(1e-3 * Math.abs(v) + 1e-3)));
    }

    @Test
    void aThreadCountGivesTheSameNumbersEveryTime() {
        Map<String, INDArray> first = trainOneEpoch(BERNOULLI, "dense", 2).parameters();
        Map<String, INDArray> second = trainOneEpoch(BERNOULLI, "dense", 2).parameters();
        first.forEach((name, p) -> assertThat(second.get(name)).as(name).isEqualTo(p));
    }

    @Test
    void autoTakesTheCompiledEngineForComponentsWithoutADenseForm() {
        EngineRuns.Model leaky = setup(BERNOULLI, "model.encoder.activation=leaky-relu");
        try (Engine choice = EngineChoice.choose(leaky.graph(), leaky.config().training().engine(), leaky.config().training().threads())) {
            assertThat(choice.name()).isEqualTo("compiled");
        }
        EngineRuns.Model corrupted = setup(BERNOULLI, "corruption={type: gaussian-noise, sigma: 0.1}");
        try (Engine choice = EngineChoice.choose(corrupted.graph(), corrupted.config().training().engine(), corrupted.config().training().threads())) {
            assertThat(choice.name()).isEqualTo("compiled");
        }
        EngineRuns.Model forced = setup(BERNOULLI, "training.engine=samediff");
        try (Engine choice = EngineChoice.choose(forced.graph(), forced.config().training().engine(), forced.config().training().threads())) {
            assertThat(choice.name()).isEqualTo("samediff");
        }
        EngineRuns.Model auto = setup(BERNOULLI);
        try (Engine dense = EngineChoice.choose(auto.graph(), auto.config().training().engine(), auto.config().training().threads())) {
            assertThat(dense.description()).isEqualTo("dense (2 threads)");
        }
    }

    @Test
    void convModelsRunOnTheCompiledEngineAndTheDenseOneSaysItHasNoConvLayers() {
        // measured faster on conv models (docs/performance.md), so the dense engine's conv layers were removed
        EngineRuns.Model auto = setup(CONV);
        try (Engine choice = EngineChoice.choose(auto.graph(), auto.config().training().engine(), auto.config().training().threads())) {
            assertThat(choice.name()).isEqualTo("compiled");
        }
        EngineRuns.Model forced = setup(CONV, "training.engine=dense");
        assertThatThrownBy(() -> EngineChoice.choose(forced.graph(), forced.config().training().engine(),
                forced.config().training().threads()))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("training.engine: dense cannot run this model")
                .hasMessageContaining("encoder ConvEncoder has no dense form")
                .hasMessageContaining("Use engine auto, compiled or samediff");
    }

    @Test
    void askingForTheDenseEngineOnAModelWithoutOneIsAUserError() {
        EngineRuns.Model s = setup(BERNOULLI, "training.engine=dense", "model.decoder.activation=elu");
        assertThatThrownBy(() -> EngineChoice.choose(s.graph(), s.config().training().engine(), s.config().training().threads()))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("training.engine: dense")
                .hasMessageContaining("decoder MlpDecoder has no dense form");
    }
}
