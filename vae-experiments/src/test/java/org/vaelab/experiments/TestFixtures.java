package org.vaelab.experiments;

import java.util.List;
import org.vaelab.experiments.plugins.Framework;

/** Shared test set-up: one framework per JVM (plugin discovery and Guice wiring are the slow part). */
public final class TestFixtures {

    private static Framework framework;

    private TestFixtures() {}

    /** @return the framework over the class path (built-in plugins and the test plugin) */
    public static synchronized Framework framework() {
        if (framework == null) {
            framework = Framework.start(List.of());
        }
        return framework;
    }

    /**
     * A config small enough to train in a few seconds: 96 dSprites images, a 32-unit MLP, 2 epochs; without the
     * traversal and t-SNE pictures (2-3 s a run), which the tests of the run directory turn on.
     */
    public static final String TINY_CONFIG = """
            name: tiny
            seed: 7
            data: {type: dsprites, trainSize: 96, testSize: 32}
            model:
              latentDim: 4
              encoder: {type: mlp, hidden: [32]}
              decoder: {type: mlp, hidden: [32]}
            losses:
              - {type: bernoulli-reconstruction}
              - {type: beta-kl, beta: 2.0}
            training: {epochs: 2, batchSize: 32, logEvery: 1}
            evaluation: {batchSize: 32, reconstructions: 8, samples: 8, traversals: 0, tsnePoints: 0}
            """;
}
