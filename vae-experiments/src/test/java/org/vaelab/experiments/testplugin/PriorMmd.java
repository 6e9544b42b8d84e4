package org.vaelab.experiments.testplugin;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vaelab.api.UserInputException;
import org.vaelab.api.loss.ForwardPass;
import org.vaelab.api.loss.LossSpec;
import org.vaelab.api.loss.LossTerm;
import org.vaelab.api.model.GraphContext;

/**
 * The maximum mean discrepancy between the batch's codes and as many prior samples (InfoVAE, WAE-MMD), with
 * an RBF kernel of bandwidth^2 = latentDim: proof that prior samples reach an objective
 * ({@link org.vaelab.api.model.Prior#sampleInGraph}). Per example: the example's row of
 * {@code k(z, z) + k(p, p) - 2 k(z, p)}, whose batch mean is the (biased) MMD^2 estimate.
 */
public final class PriorMmd implements LossTerm {

    /** @param weight the term's weight */
    public record Spec(double weight) implements LossSpec {
        public static final String TYPE = "prior-mmd";

        @JsonCreator
        public Spec(@JsonProperty("weight") Double weight) {
            this(weight == null ? 1.0 : weight.doubleValue());
        }
    }

    PriorMmd(Spec spec) {}

    @Override
    public String name() {
        return "mmd";
    }

    @Override
    public SDVariable perExample(GraphContext g, ForwardPass fp) {
        SDVariable prior = fp.prior().sampleInGraph(g).orElseThrow(() -> new UserInputException(
                "prior-mmd needs a prior that samples inside the graph"));
        SDVariable z = fp.z();
        return kernel(g, z, z).add(kernel(g, prior, prior)).sub(kernel(g, z, prior).mul(2.0)).mean(1);
    }

    /** exp(-|a_i - b_j|^2 / latentDim), {@code [batch, batch]}. */
    static SDVariable kernel(GraphContext g, SDVariable a, SDVariable b) {
        SameDiff sd = g.sd();
        SDVariable aa = sd.math.square(a).sum(true, 1);                         // [n, 1]
        SDVariable bb = sd.math.square(b).sum(true, 1).reshape(1, -1);          // [1, n]
        SDVariable distances = aa.add(bb).sub(sd.mmul(a, b, false, true, false).mul(2.0));
        return sd.math.exp(distances.div(-g.latentDim()));
    }
}
