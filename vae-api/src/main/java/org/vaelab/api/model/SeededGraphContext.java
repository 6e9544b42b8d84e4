package org.vaelab.api.model;

import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.Seeds;
import org.vaelab.api.data.ImageShape;

/**
 * The standard {@link GraphContext}: parameters are initialised from {@link Seeds#derive} of the run
 * seed and the parameter's fully scoped name, so initial weights depend on nothing but the seed and the
 * name. The runner uses it; plugin tests use it to build tiny graphs.
 */
public final class SeededGraphContext implements GraphContext {

    private final SameDiff sd;
    private final DataType dataType;
    private final ImageShape imageShape;
    private final int latentDim;
    private final long seed;

    /**
     * @param sd the graph to build into
     * @param dataType parameter and activation type
     * @param imageShape shape of one input image
     * @param latentDim latent dimensions
     * @param seed the seed parameters derive theirs from
     */
    public SeededGraphContext(SameDiff sd, DataType dataType, ImageShape imageShape, int latentDim, long seed) {
        this.sd = Objects.requireNonNull(sd, "sd");
        this.dataType = Objects.requireNonNull(dataType, "dataType");
        this.imageShape = Objects.requireNonNull(imageShape, "imageShape");
        if (latentDim <= 0) {
            throw new IllegalArgumentException("latentDim must be positive, got " + latentDim);
        }
        this.latentDim = latentDim;
        this.seed = seed;
    }

    @Override
    public SameDiff sd() {
        return sd;
    }

    @Override
    public DataType dataType() {
        return dataType;
    }

    @Override
    public ImageShape imageShape() {
        return imageShape;
    }

    @Override
    public int latentDim() {
        return latentDim;
    }

    @Override
    public SDVariable parameter(String name, Initializer init, long... shape) {
        long count = 1;
        for (long s : shape) {
            count *= s;
        }
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("parameter " + name + " is too large: " + count + " elements");
        }
        SDVariable variable = sd.var(name, dataType, shape);     // scoped name is known only once created
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "param:" + variable.name()));
        double[] values = new double[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = init.sample(rng);
        }
        variable.setArray(Nd4j.create(values, shape, dataType));
        return variable;
    }
}
