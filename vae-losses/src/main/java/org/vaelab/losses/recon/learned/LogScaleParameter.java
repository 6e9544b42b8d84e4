package org.vaelab.losses.recon.learned;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.model.Initializer;

/**
 * A likelihood's learned log-scale (a Gaussian's log sigma, a logistic's log scale): one value, or one per pixel,
 * made once per graph and shared by every call in it (a model built twice gets a parameter in each graph).
 */
public final class LogScaleParameter {

    private final String name;
    private final LearnedGaussianReconstruction.Sigma shape;
    private final double initialScale;
    private SameDiff owner;
    private SDVariable value;

    /**
     * @param name the parameter's name
     * @param shape one value, or one per pixel
     * @param initialScale the scale it starts at (its log is the initial value)
     */
    public LogScaleParameter(String name, LearnedGaussianReconstruction.Sigma shape, double initialScale) {
        this.name = name;
        this.shape = shape;
        this.initialScale = initialScale;
    }

    /**
     * @param g the graph context
     * @return the log-scale, {@code [1]} or {@code [D]}, created on the first call in this graph
     */
    public SDVariable in(GraphContext g) {
        if (owner != g.sd()) {
            long size = shape == LearnedGaussianReconstruction.Sigma.GLOBAL ? 1 : g.inputDim();
            value = g.parameter(name, Initializer.constant(Math.log(initialScale)), size);
            owner = g.sd();
        }
        return value;
    }
}
