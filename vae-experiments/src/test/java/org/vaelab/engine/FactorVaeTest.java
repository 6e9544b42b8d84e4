package org.vaelab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.vaelab.engine.batch.BatchIterator;
import org.vaelab.experiments.EngineRuns;

/**
 * FactorVAE ({@code factor-tc}) as a run builds it: its discriminator stepped by its own Adam on the compiled engine,
 * its side objective and metric logged, and its objective falling (the engine contract: {@code ZooEngineContractTest}).
 */
class FactorVaeTest {

    private static final String CONFIG = """
            name: factor
            seed: 5
            data: {type: dsprites, trainSize: 128, testSize: 32}
            model:
              latentDim: 3
              encoder: {type: mlp, hidden: [16]}
              decoder: {type: mlp, hidden: [16]}
            losses:
              - {type: bernoulli-reconstruction}
              - {type: beta-kl}
              - {type: factor-tc, gamma: 5, hiddenLayers: 2, hiddenUnits: 16}
            training: {epochs: 1, batchSize: 32, logEvery: 1}
            evaluation: {batchSize: 16}
            """;

    private static final String DISCRIMINATOR = "loss/factor-tc/discriminator/";

    private static Map<String, INDArray> batch(EngineRuns.Model s, int rows, long stream) {
        BatchIterator it = new BatchIterator(s.data().train().images(), s.data().info().shape(), rows,
                s.graph().context().latentDim(), new SplittableRandom(stream), 2L, null, 0L).feeding(s.graph().inputs(), 0);
        return new HashMap<>(s.graph().feeds(it.next()));
    }

    private static void setOptimizer(EngineRuns.Model s) {
        s.graph().sd().setTrainingConfig(new TrainingConfig.Builder()
                .updater(s.config().training().optimizer().toUpdater())
                .dataSetFeatureMapping(s.graph().featureNames()).markLabelsUnused().build());
    }

    @Test
    void theDiscriminatorStepsWithItsOwnAdamAndTheModelWithTheRuns() {
        EngineRuns.Model s = EngineRuns.model(CONFIG, "factor.yaml", List.of());
        assertThat(s.graph().termMetricNames()).containsExactly("loss/recon", "loss/kl", "loss/tc", "loss/tc/accuracy",
                "loss/tc/discriminator");
        setOptimizer(s);
        s.graph().optimizerState().updaters().forEach((name, u) -> {
            Adam adam = (Adam) u.getConfig();
            assertThat(adam.getLearningRate()).as(name).isEqualTo(name.startsWith(DISCRIMINATOR) ? 1e-4 : 1e-3);
            assertThat(adam.getBeta1()).as(name).isEqualTo(name.startsWith(DISCRIMINATOR) ? 0.5 : 0.9);
        });
        Map<String, INDArray> before = new HashMap<>();
        s.graph().parameters().forEach((k, v) -> before.put(k, v.dup()));
        try (Engine engine = EngineChoice.choose(s.graph(), s.config().training().engine(), 1)) {
            assertThat(engine.name()).isEqualTo("compiled");
            Map<String, Double> values = ((CompiledEngine) engine).trainStep(batch(s, 32, 1));
            assertThat(values.get("loss/tc/accuracy")).isBetween(0.0, 1.0);
            assertThat(values.get("loss/tc/discriminator")).isPositive();
            assertThat(values.get("loss/total")).isCloseTo(values.get("loss/recon") + values.get("loss/kl")
                    + 5 * values.get("loss/tc") + values.get("loss/tc/discriminator"), within(1e-3));
        }
        // Adam's first step moves every value with a gradient by about its learning rate
        s.graph().parameters().forEach((name, after) -> {
            double step = after.sub(before.get(name)).amaxNumber().doubleValue();
            assertThat(step).as(name).isCloseTo(name.startsWith(DISCRIMINATOR) ? 1e-4 : 1e-3, within(name.startsWith(DISCRIMINATOR) ? 2e-5 : 2e-4));
        });
    }

    @Test
    void aBadValueIsOneLineNamingItsPath() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EngineRuns.model(CONFIG, "factor.yaml",
                List.of("losses[2].discriminatorBeta1=1.0"))).hasMessageEndingWith(
                "\n  losses[2].discriminatorBeta1 (from --set losses[2].discriminatorBeta1=1.0): must be less than 1");
    }

    @Test
    void theObjectiveFalls() {
        EngineRuns.Model s = EngineRuns.model(CONFIG, "factor.yaml", List.of());
        setOptimizer(s);
        Map<String, INDArray> feeds = batch(s, 32, 2);
        try (Engine engine = EngineChoice.choose(s.graph(), s.config().training().engine(), 1)) {
            CompiledEngine compiled = (CompiledEngine) engine;
            double first = compiled.trainStep(feeds).get("loss/total");
            double last = first;
            for (int i = 0; i < 40; i++) {
                last = compiled.trainStep(feeds).get("loss/total");
            }
            assertThat(last).isLessThan(first - 10);
        }
    }
}
