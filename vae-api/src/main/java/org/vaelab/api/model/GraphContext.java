package org.vaelab.api.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.vaelab.api.data.ImageShape;

/**
 * What every graph-building call receives: the SameDiff instance, the shapes, and a parameter factory
 * whose initial values depend only on the run seed and the parameter's scoped name (so adding a
 * component never changes another component's initial weights).
 */
public interface GraphContext {

    /** @return the graph under construction */
    SameDiff sd();

    /** @return the floating-point type of parameters and activations ({@code FLOAT} by default) */
    DataType dataType();

    /** @return the shape of one input image */
    ImageShape imageShape();

    /** @return the number of values in one flattened input, {@code C*H*W} */
    default long inputDim() {
        return imageShape().size();
    }

    /** @return the number of latent dimensions */
    int latentDim();

    /**
     * Creates a trainable parameter in the current name scope.
     *
     * @param name a name local to the component, for example {@code "fc1/w"}
     * @param init how to draw the initial values
     * @param shape the parameter shape
     * @return the new variable
     */
    SDVariable parameter(String name, Initializer init, long... shape);
}
