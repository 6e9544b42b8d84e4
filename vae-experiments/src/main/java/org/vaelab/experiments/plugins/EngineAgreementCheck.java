package org.vaelab.experiments.plugins;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.Seeds;
import org.vaelab.api.check.EngineAgreement;
import org.vaelab.api.data.Dataset;
import org.vaelab.engine.batch.BatchIterator;
import org.vaelab.engine.graph.VaeGraph;
import org.vaelab.experiments.config.ConfigLoader;
import org.vaelab.experiments.config.ExperimentConfig;
import org.vaelab.experiments.runner.ExperimentRunner;
import org.vaelab.experiments.train.Progress;

/**
 * The framework's side of vae-api's engine contract test ({@code EngineContract}): the model of a config,
 * built as a run builds it (plugins from the class path), one training batch with its noise and component
 * inputs, and the gradients of every parameter by the compiled engine, by SameDiff in float32 and float64 and,
 * along each parameter's gradient direction, by central finite differences of SameDiff's objective.
 */
public final class EngineAgreementCheck implements EngineAgreement {

    @Override
    public Report measure(String configYaml, int rows) {
        Framework framework = Framework.start(List.of());
        ExperimentConfig config = new ConfigLoader(framework).parse(configYaml, "contract config", List.of());
        ExperimentRunner runner = new ExperimentRunner(framework, new PrintStream(new ByteArrayOutputStream()),
                Progress.silent());
        Dataset data = runner.createDataSource(config).load(Seeds.derive(config.seed(), "data"));
        VaeGraph graph = VaeGraph.build(runner.createComponents(config), data.info().shape(), config.model().latentDim(),
                Seeds.derive(config.seed(), "model.init"));
        BatchIterator batches = new BatchIterator(data.train().images(), data.info().shape(), rows,
                config.model().latentDim(), new SplittableRandom(config.seed()), Seeds.derive(config.seed(), "noise"),
                graph.components().corruption(), Seeds.derive(config.seed(), "corruption")).feeding(graph.inputs(), 1);
        Map<String, INDArray> feeds = graph.feeds(batches.next());
        return org.vaelab.engine.EngineAgreementMeasure.measure(graph,
                () -> VaeGraph.build(runner.createComponents(config), data.info().shape(), config.model().latentDim(),
                        Seeds.derive(config.seed(), "model.init"), DataType.DOUBLE),
                feeds, config.training().optimizer().toUpdater(), config.training().threads());
    }
}
