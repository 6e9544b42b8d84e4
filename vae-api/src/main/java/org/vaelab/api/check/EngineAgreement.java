package org.vaelab.api.check;

import java.util.Map;

/**
 * A framework service the test kit ({@code org.vaelab.api.testing.EngineContract} in vae-api's test-jar)
 * finds by {@link java.util.ServiceLoader}: it builds the model of a config as a run would, and measures
 * how far the fast engine's gradients are from the reference path's, and the reference path's from finite
 * differences. vae-experiments provides it; a plugin project gets it by a test dependency on vae-experiments.
 */
public interface EngineAgreement {

    /**
     * @param configYaml a complete experiment config (YAML or JSON) using the components to check; keep it
     *     tiny (a few dozen images, small networks)
     * @param rows the rows of the training batch the gradients are taken on
     * @return what was measured
     * @throws org.vaelab.api.UserInputException when the config is invalid
     */
    Report measure(String configYaml, int rows);

    /**
     * Besides the reference path in float32 (the type runs train in), the same graph is built in float64 with the
     * same parameter values and batch: the exact values both float32 computations are judged against. ND4J sums a
     * row in order, in float, so a 4,096-pixel log-likelihood of about 2,800 nats carries about 6e-3 nats of
     * rounding; an objective that weights samples by exp of such sums (a K-sample bound) turns that into a
     * relative gradient error of about 6e-4 on the reference path itself.
     *
     * @param fastEngine the engine that would train the model ({@code compiled}, or {@code samediff} with the
     *     reason, when only the reference path runs it)
     * @param fastVsReference per parameter: max |fast - reference| / max |reference| of its gradient
     * @param fastVsExact per parameter: max |fast - exact| / max |exact|, with exact the float64 reference
     *     gradient; empty when the graph could not be built or run in float64 (a component that fixes float32)
     * @param referenceVsExact per parameter: the same for the float32 reference path
     * @param referenceVsFiniteDifferences per parameter: |fd - |g|| / |g|, with fd the central difference of the
     *     objective along the reference gradient's direction g / |g| (in float, so a coarse check: it catches a
     *     wrong gradient, not rounding)
     * @param termsFast each loss term's batch mean on the fast engine
     * @param termsReference each loss term's batch mean on the reference path
     * @param termsExact each loss term's batch mean in float64 (empty with {@code fastVsExact})
     */
    record Report(String fastEngine, Map<String, Double> fastVsReference, Map<String, Double> fastVsExact,
            Map<String, Double> referenceVsExact, Map<String, Double> referenceVsFiniteDifferences,
            Map<String, Double> termsFast, Map<String, Double> termsReference, Map<String, Double> termsExact) {}
}
