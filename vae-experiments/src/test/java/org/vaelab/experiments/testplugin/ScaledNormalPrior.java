package org.vaelab.experiments.testplugin;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Positive;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.model.Prior;
import org.vaelab.api.model.PriorSpec;
import org.vaelab.api.ops.VaeOps;

/** N(0, scale^2 I), with no closed-form KL offered, so KL terms take the Monte Carlo path. */
public final class ScaledNormalPrior implements Prior {

    /** @param scale the standard deviation */
    public record Spec(@JsonPropertyDescription("Standard deviation.") @Positive Double scale) implements PriorSpec {
        public static final String TYPE = "scaled-normal";

        public Spec {
            if (scale == null) {
                scale = 2.0;
            }
        }
    }

    private final double scale;

    ScaledNormalPrior(Spec spec) {
        this.scale = spec.scale();
    }

    @Override
    public SDVariable logProb(GraphContext g, SDVariable z) {
        return VaeOps.standardNormalLogProb(g.sd(), z.div(scale)).sub(g.latentDim() * Math.log(scale));
    }

    @Override
    public INDArray sample(GraphContext g, int n, SplittableRandom rng) {
        double[] values = new double[n * g.latentDim()];
        for (int i = 0; i < values.length; i++) {
            values[i] = scale * org.vaelab.api.model.Initializer.normal(1.0).sample(rng);
        }
        return org.nd4j.linalg.factory.Nd4j.create(values, new long[] {n, g.latentDim()}, g.dataType());
    }
}
