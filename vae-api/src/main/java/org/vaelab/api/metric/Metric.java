package org.vaelab.api.metric;

import java.util.Map;

/**
 * A number (or a few) computed from a trained model, such as the mutual information gap. Results go into
 * {@code summary.json} under {@code metrics} and into a {@code metrics.jsonl} line, as
 * {@code <type>} for a single value or {@code <type>/<name>} for several.
 */
public interface Metric {

    /**
     * @param input the trained model and the data
     * @return the values by name (a single value may use the empty name {@code ""}); every value finite
     * @throws org.vaelab.api.UserInputException when the data lack what the metric needs (labels, factors),
     *     naming what is missing
     */
    Map<String, Double> compute(MetricInput input);

    /**
     * Checked before training starts, so a metric that cannot run on the data fails at once, not after the
     * last epoch. The default accepts any data.
     *
     * @param data the run's data
     * @param groundTruth its factor generator, or empty
     * @throws org.vaelab.api.UserInputException naming what the data lack (labels, factors, a generator)
     */
    default void checkData(org.vaelab.api.data.Dataset data,
            java.util.Optional<org.vaelab.api.data.GroundTruthFactors> groundTruth) {}
}
