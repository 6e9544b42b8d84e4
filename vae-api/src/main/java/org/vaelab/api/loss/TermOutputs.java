package org.vaelab.api.loss;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * What a loss term adds to the graph ({@link LossTerm#build}): its per-example value, and optionally side
 * objectives and metrics. A side objective is a scalar added to {@code loss/total} as it is (no weight,
 * coefficient or schedule): the loss of a component the term trains beside the model, such as FactorVAE's
 * discriminator, kept apart from the model's gradients by stop-gradients in the term. Side objectives and
 * metrics are logged as {@code loss/<term>/<key>}, in the order given.
 *
 * @param perExample the term's raw value per example, {@code [batch]}
 * @param sideLosses key to a scalar added to the objective unweighted
 * @param metrics key to a scalar logged only
 */
public record TermOutputs(SDVariable perExample, Map<String, SDVariable> sideLosses, Map<String, SDVariable> metrics) {

    /**
     * Checks the parts and keeps their order.
     *
     * @param perExample the per-example value
     * @param sideLosses side objectives by key
     * @param metrics metrics by key
     */
    public TermOutputs {
        Objects.requireNonNull(perExample, "perExample");
        sideLosses = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sideLosses));
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        for (String key : sideLosses.keySet()) {
            if (metrics.containsKey(key)) {
                throw new IllegalArgumentException("'" + key + "' is both a side objective and a metric");
            }
        }
    }

    /**
     * @param perExample the term's value per example
     * @return the value alone (no side objectives, no metrics)
     */
    public static TermOutputs of(SDVariable perExample) {
        return new TermOutputs(perExample, Map.of(), Map.of());
    }
}
