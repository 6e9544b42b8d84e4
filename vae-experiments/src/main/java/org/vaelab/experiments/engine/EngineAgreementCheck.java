package org.vaelab.experiments.engine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.Seeds;
import org.vaelab.api.check.EngineAgreement;
import org.vaelab.api.data.Dataset;
import org.vaelab.experiments.config.ConfigLoader;
import org.vaelab.experiments.config.ExperimentConfig;
import org.vaelab.experiments.graph.VaeGraph;
import org.vaelab.experiments.plugins.Framework;
import org.vaelab.experiments.runner.ExperimentRunner;
import org.vaelab.experiments.train.BatchIterator;
import org.vaelab.experiments.train.Progress;

/**
 * The framework's side of vae-api's engine contract test ({@code EngineContract}): the model of a config,
 * built as a run builds it (plugins from the class path), one training batch with its noise and component
 * inputs, and the gradients of every parameter by the compiled engine, by SameDiff and, along each parameter's
 * gradient direction, by central finite differences of SameDiff's objective.
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
        Map<String, INDArray> reference = graph.sd().calculateGradients(feeds, graph.parameters().keySet());
        Map<String, INDArray> termsReference = graph.sd().output(feeds, graph.termMetricNames().toArray(String[]::new));
        Map<String, Double> finite = finiteDifferences(graph, feeds, reference);

        Map<String, Double> fastVsReference = new LinkedHashMap<>();
        Map<String, Double> termsFast = new LinkedHashMap<>();
        Map<String, Double> termsRef = new LinkedHashMap<>();
        String engineName;
        try {
            CompiledEngine engine = CompiledEngine.compile(graph, config.training().threads());
            try (engine) {
                engineName = engine.description();
                Map<String, INDArray> ours = engine.gradients(feeds);
                reference.forEach((name, g) -> fastVsReference.put(name, relative(ours.get(name), g)));
                graph.sd().setTrainingConfig(new TrainingConfig.Builder()
                        .updater(config.training().optimizer().toUpdater())
                        .dataSetFeatureMapping(graph.featureNames()).markLabelsUnused().build());
                termsFast.putAll(engine.trainStep(feeds));
            }
        } catch (org.vaelab.experiments.compiled.UnsupportedOpException e) {
            engineName = "samediff (the compiled engine cannot run " + e.getMessage() + ")";
        }
        termsReference.forEach((name, v) -> {
            termsRef.put(name, v.getDouble(0));
            termsFast.putIfAbsent(name, Double.NaN);
        });
        termsFast.keySet().retainAll(termsRef.keySet());
        return new Report(engineName, fastVsReference, finite, termsFast, termsRef);
    }

    /** max |a - b| / max |b| (0 for two zero gradients). */
    private static double relative(INDArray a, INDArray b) {
        if (a == null) {
            return Double.POSITIVE_INFINITY;
        }
        double scale = b.amaxNumber().doubleValue();
        double diff = a.sub(b).amaxNumber().doubleValue();
        return scale == 0 ? diff : diff / scale;
    }

    /**
     * Per parameter, the central difference of the objective along the parameter's own gradient direction
     * d = g / |g| against the gradient's length |g| (their ratio is 1 for a right gradient): a directional check,
     * because the objective is a float sum of thousands of pixels' terms and single entries' differences drown
     * in its rounding. The step moves the objective by about 0.05 nats.
     */
    private static Map<String, Double> finiteDifferences(VaeGraph graph, Map<String, INDArray> feeds,
            Map<String, INDArray> gradients) {
        Map<String, Double> errors = new LinkedHashMap<>();
        graph.parameters().forEach((name, values) -> {
            INDArray g = gradients.get(name);
            double length = g.norm2Number().doubleValue();
            if (length == 0) {
                errors.put(name, 0.0);
                return;
            }
            double h = Math.max(1e-4, Math.min(1e-1, 0.05 / length));
            INDArray original = values.dup();
            INDArray step = g.mul(h / length);
            values.addi(step);
            double up = loss(graph, feeds);
            values.assign(original).subi(step);
            double down = loss(graph, feeds);
            values.assign(original);
            errors.put(name, Math.abs((up - down) / (2 * h) - length) / length);
        });
        return errors;
    }

    private static double loss(VaeGraph graph, Map<String, INDArray> feeds) {
        return graph.sd().output(feeds, VaeGraph.LOSS_TOTAL).get(VaeGraph.LOSS_TOTAL).getDouble(0);
    }
}
