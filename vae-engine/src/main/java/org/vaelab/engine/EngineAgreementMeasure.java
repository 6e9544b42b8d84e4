package org.vaelab.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.vaelab.api.check.EngineAgreement.Report;
import org.vaelab.engine.graph.VaeGraph;

/**
 * The measurements behind vae-api's engine contract ({@code EngineContract}), on a built graph and one
 * training batch: the compiled engine's gradients and loss terms against SameDiff's, both against the same graph
 * in float64, and SameDiff's gradients against central finite differences of its objective along each gradient's
 * direction.
 */
public final class EngineAgreementMeasure {

    private EngineAgreementMeasure() {}

    /**
     * @param graph the model
     * @param exactTwin builds the same model in float64 ({@code VaeGraph.build(..., DataType.DOUBLE)}); its
     *     parameters are overwritten with the model's
     * @param feeds one training batch's placeholders
     * @param updater the optimiser (the loss terms are read from one training step)
     * @param threads the compiled engine's threads
     * @return what was measured
     */
    public static Report measure(VaeGraph graph, Supplier<VaeGraph> exactTwin, Map<String, INDArray> feeds,
            IUpdater updater, int threads) {
        Map<String, INDArray> reference = graph.sd().calculateGradients(feeds, graph.parameters().keySet());
        Map<String, INDArray> termsReference = graph.sd().output(feeds, graph.termMetricNames().toArray(String[]::new));
        Exact exact = Exact.of(graph, exactTwin, feeds);
        // finite differences of the float64 objective where there is one: a float32 objective of thousands of
        // nats rounds to about 1e-3 nats, a few percent of the 0.05-nat step
        Map<String, Double> finite = exact.graph() == null ? finiteDifferences(graph, feeds, reference)
                : finiteDifferences(exact.graph(), exact.feeds(), reference);
        Map<String, Double> fastVsExact = new LinkedHashMap<>();
        Map<String, Double> referenceVsExact = new LinkedHashMap<>();
        exact.gradients().forEach((name, g) -> referenceVsExact.put(name, relative(reference.get(name), g)));

        Map<String, Double> fastVsReference = new LinkedHashMap<>();
        Map<String, Double> termsFast = new LinkedHashMap<>();
        Map<String, Double> termsRef = new LinkedHashMap<>();
        String engineName;
        try {
            CompiledEngine engine = CompiledEngine.compile(graph, threads);
            try (engine) {
                engineName = engine.description();
                Map<String, INDArray> ours = engine.gradients(feeds);
                reference.forEach((name, g) -> fastVsReference.put(name, relative(ours.get(name), g)));
                exact.gradients().forEach((name, g) -> fastVsExact.put(name, relative(ours.get(name), g)));
                graph.sd().setTrainingConfig(new TrainingConfig.Builder()
                        .updater(updater)
                        .dataSetFeatureMapping(graph.featureNames()).markLabelsUnused().build());
                termsFast.putAll(engine.trainStep(feeds));
            }
        } catch (org.vaelab.engine.compiled.UnsupportedOpException e) {
            engineName = "samediff (the compiled engine cannot run " + e.getMessage() + ")";
        }
        termsReference.forEach((name, v) -> {
            termsRef.put(name, v.getDouble(0));
            termsFast.putIfAbsent(name, Double.NaN);
        });
        termsFast.keySet().retainAll(termsRef.keySet());
        return new Report(engineName, fastVsReference, fastVsExact, referenceVsExact, finite, termsFast, termsRef,
                exact.terms());
    }

    /**
     * The float64 twin at the model's parameters, with its batch, gradients and loss terms; every part empty (graph
     * null) when a component cannot be built or run in float64: the contract then judges against float32.
     */
    private record Exact(VaeGraph graph, Map<String, INDArray> feeds, Map<String, INDArray> gradients,
            Map<String, Double> terms) {

        static Exact of(VaeGraph model, Supplier<VaeGraph> twinBuilder, Map<String, INDArray> feeds) {
            try {
                VaeGraph twin = twinBuilder.get();
                twin.parameters().forEach((name, values) ->
                        values.assign(model.parameters().get(name).castTo(DataType.DOUBLE)));
                Map<String, INDArray> feeds64 = new LinkedHashMap<>();
                feeds.forEach((name, v) -> feeds64.put(name, v.dataType() == DataType.FLOAT ? v.castTo(DataType.DOUBLE) : v));
                Map<String, Double> terms = new LinkedHashMap<>();
                twin.sd().output(feeds64, twin.termMetricNames().toArray(String[]::new))
                        .forEach((name, v) -> terms.put(name, v.getDouble(0)));
                return new Exact(twin, feeds64, twin.sd().calculateGradients(feeds64, twin.parameters().keySet()), terms);
            } catch (RuntimeException e) {
                return new Exact(null, Map.of(), Map.of(), Map.of());
            }
        }
    }

    /** max |a - b| / max |b| (0 for two zero gradients). */
    private static double relative(INDArray a, INDArray b) {
        if (a == null) {
            return Double.POSITIVE_INFINITY;
        }
        double scale = b.amaxNumber().doubleValue();
        double diff = a.castTo(b.dataType()).sub(b).amaxNumber().doubleValue();
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
            INDArray step = g.mul(h / length).castTo(values.dataType());
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
