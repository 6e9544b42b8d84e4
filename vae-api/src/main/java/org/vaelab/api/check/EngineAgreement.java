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
     * @param fastEngine the engine that would train the model ({@code compiled}, or {@code samediff} with the
     *     reason, when only the reference path runs it)
     * @param fastVsReference per parameter: max |fast - reference| / max |reference| of its gradient
     * @param referenceVsFiniteDifferences per parameter: |fd - |g|| / |g|, with fd the central difference of the
     *     objective along the reference gradient's direction g / |g| (in float, so a coarse check: it catches a
     *     wrong gradient, not rounding)
     * @param termsFast each loss term's batch mean on the fast engine
     * @param termsReference each loss term's batch mean on the reference path
     */
    record Report(String fastEngine, Map<String, Double> fastVsReference, Map<String, Double> referenceVsFiniteDifferences,
            Map<String, Double> termsFast, Map<String, Double> termsReference) {}
}
