package org.vaelab.api.schedule;

import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.model.GraphContext;

/**
 * A value that changes over training (a KL weight's warm-up, a cyclical beta), computed inside the graph
 * from the fed training step and epoch ({@link GraphContext#trainingStep()}, {@link GraphContext#epoch()}),
 * so it trains on the compiled engine and a resumed run sees the same values.
 */
public interface Schedule {

    /**
     * Adds the schedule's ops to the graph.
     *
     * @param g the graph context
     * @return a scalar, the value at the current step
     */
    SDVariable value(GraphContext g);
}
