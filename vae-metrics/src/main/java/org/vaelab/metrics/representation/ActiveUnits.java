package org.vaelab.metrics.representation;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vaelab.api.metric.Metric;
import org.vaelab.api.metric.MetricInput;
import org.vaelab.metrics.internal.Factors;
import org.vaelab.metrics.internal.Stats;

/**
 * The number of active latent units (Burda, Grosse and Salakhutdinov, "Importance Weighted Autoencoders",
 * 2015): dimensions u with {@code Cov_x(E_{q(u|x)}[u]) > threshold}, the variance over the test images of the
 * posterior mean. Returns {@code ""} (the count) and {@code "fraction"} (the count over the latent size).
 */
public final class ActiveUnits implements Metric {

    private final ActiveUnitsSpec spec;

    /** @param spec the config */
    public ActiveUnits(ActiveUnitsSpec spec) {
        this.spec = spec;
    }

    @Override
    public Map<String, Double> compute(MetricInput input) {
        double[][] means = Factors.means(input, input.data().test().images());
        double[] variance = Stats.columnVariance(means, 0);
        int active = 0;
        for (double v : variance) {
            if (v > spec.threshold()) {
                active++;
            }
        }
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("", (double) active);
        result.put("fraction", (double) active / input.latentDim());
        return result;
    }
}
