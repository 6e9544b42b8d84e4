package org.vaelab.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.data.Dataset;
import org.vaelab.engine.Engine;
import org.vaelab.engine.EngineChoice;
import org.vaelab.engine.graph.VaeGraph;
import org.vaelab.experiments.config.ConfigLoader;
import org.vaelab.experiments.config.ExperimentConfig;
import org.vaelab.experiments.runner.ExperimentRunner;
import org.vaelab.experiments.train.Progress;
import org.vaelab.experiments.train.TrainingLoop;

/** Shared by the engines' tests: a model built as a run builds it, and one epoch on whichever engine a config names. */
public final class EngineRuns {

    private EngineRuns() {}

    /** A parsed config, its data (seed 1) and a fresh graph of it (initial values from seed 11). */
    public record Model(ExperimentConfig config, Dataset data, VaeGraph graph) {}

    /**
     * @param yaml the config
     * @param source its name in error messages
     * @param overrides {@code --set} overrides
     * @return the model, built as a run builds it
     */
    public static Model model(String yaml, String source, List<String> overrides) {
        ExperimentConfig config = new ConfigLoader(TestFixtures.framework()).parse(yaml, source, overrides);
        ExperimentRunner runner = new ExperimentRunner(TestFixtures.framework(), new PrintStream(new ByteArrayOutputStream()),
                Progress.silent());
        Dataset data = runner.createDataSource(config).load(1);
        VaeGraph graph = VaeGraph.build(runner.createComponents(config), data.info().shape(), config.model().latentDim(), 11);
        return new Model(config, data, graph);
    }

    /**
     * What an epoch left: the parameters, the optimiser state (by {@code parameter/state}), and the
     * epoch's mean of each logged value (without the images-per-second figure).
     */
    public record Epoch(Map<String, INDArray> parameters, Map<String, INDArray> adam, Map<String, Double> terms) {}

    /**
     * Trains one epoch on the engine the config's {@code training.engine} names, checking that this engine
     * ran and that the graph counted {@code steps} steps and one epoch.
     *
     * @param config the config
     * @param data its data
     * @param graph a fresh graph of it
     * @param engine the engine expected to run
     * @param steps the steps the epoch takes
     * @return copies of what the epoch left
     */
    public static Epoch oneEpoch(ExperimentConfig config, Dataset data, VaeGraph graph, String engine, int steps) {
        Map<String, Double> terms = new HashMap<>();
        try (Engine chosen = EngineChoice.choose(graph, config.training().engine(), config.training().threads())) {
            assertThat(chosen.name()).isEqualTo(engine);
            TrainingLoop loop = new TrainingLoop(chosen, data.train(), data.info().shape(), config.training(),
                    config.seed(), m -> { }, Progress.silent());
            loop.prepare();
            terms.putAll(loop.trainEpoch(0));
        }
        terms.remove("train/imagesPerSec");
        TrainingConfig tc = graph.sd().getTrainingConfig();
        assertThat(tc.getIterationCount()).isEqualTo(steps);
        assertThat(tc.getEpochCount()).isEqualTo(1);
        Map<String, INDArray> adam = new HashMap<>();
        graph.optimizerState().updaters().forEach((name, u) -> org.vaelab.engine.graph.OptimizerState.stateOf(u)
                .forEach((k, v) -> adam.put(name + "/" + k, v.dup())));
        Map<String, INDArray> params = new LinkedHashMap<>();
        graph.parameters().forEach((k, v) -> params.put(k, v.dup()));
        return new Epoch(params, adam, terms);
    }
}
