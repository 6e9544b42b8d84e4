package org.vaelab.experiments.trained;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.vaelab.api.ComponentKind;
import org.vaelab.api.Seeds;
import org.vaelab.api.UserInputException;
import org.vaelab.api.data.Dataset;
import org.vaelab.api.data.GroundTruthFactors;
import org.vaelab.api.metric.Metric;
import org.vaelab.api.metric.MetricSpec;
import org.vaelab.engine.Engine;
import org.vaelab.experiments.plugins.Framework;

/**
 * Computes a list of metrics on a trained model. Each metric's seed is derived from the run seed, its type and
 * its position in the list, so the same run and list give the same numbers, and adding a metric at the end
 * changes none of the others.
 */
public final class MetricSuite {

    private MetricSuite() {}

    /**
     * Lets each metric check the data before any work is done.
     *
     * @param framework the registry of metric types
     * @param specs the metrics
     * @param data the data
     * @param groundTruth the factor generator, where the data have one
     */
    public static void checkData(Framework framework, List<MetricSpec> specs, Dataset data,
            Optional<GroundTruthFactors> groundTruth) {
        for (MetricSpec spec : specs) {
            framework.registry().create(ComponentKind.METRIC, spec, Metric.class).checkData(data, groundTruth);
        }
    }

    /**
     * @param framework the registry of metric types
     * @param specs the metrics, in order
     * @param model the trained model
     * @param engine the engine over the model's graph, for the likelihood metrics
     * @param data the data
     * @param groundTruth the factor generator, where the data have one
     * @param runSeed the run's seed
     * @param out where to print each result as it comes
     * @return {@code <type>} (one value) or {@code <type>/<name>} to each value, in order
     */
    public static Map<String, Double> compute(Framework framework, List<MetricSpec> specs, TrainedModel model,
            Engine engine, Dataset data, Optional<GroundTruthFactors> groundTruth, long runSeed, PrintStream out) {
        Map<String, Double> results = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            MetricSpec spec = specs.get(i);
            String type = framework.registry().registrationFor(ComponentKind.METRIC, spec.getClass()).type();
            Metric metric = framework.registry().create(ComponentKind.METRIC, spec, Metric.class);
            long t0 = System.nanoTime();
            Map<String, Double> values = metric.compute(new ModelMetricInput(model, engine, data, groundTruth,
                    Seeds.derive(runSeed, "metric/" + i + "/" + type)));
            String prefix = results.keySet().stream().anyMatch(k -> k.equals(type) || k.startsWith(type + "/"))
                    ? type + "#" + (i + 1) : type;
            StringBuilder line = new StringBuilder();
            values.forEach((name, v) -> {
                if (v == null || !Double.isFinite(v)) {
                    throw new UserInputException("metric " + type + " gave " + v + " for '" + name
                            + "' (a metric must give finite numbers)");
                }
                String key = name.isEmpty() ? prefix : prefix + "/" + name;
                results.put(key, v);
                line.append(String.format(Locale.ROOT, "  %s %.4g", key, v));
            });
            out.printf(Locale.ROOT, "metric%s  (%.1f s)%n", line, (System.nanoTime() - t0) / 1e9);
        }
        return results;
    }
}
