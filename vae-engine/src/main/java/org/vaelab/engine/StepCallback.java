package org.vaelab.engine;

import java.util.Map;

/** Receives each training step's values from an engine, after the parameter update. */
@FunctionalInterface
public interface StepCallback {
    /**
     * @param batchSize examples in the step
     * @param values {@code loss/total} and each term's batch mean
     */
    void step(long batchSize, Map<String, Double> values);
}
