package org.vaelab.experiments.testplugin;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.loss.ForwardPass;
import org.vaelab.api.loss.LossSpec;
import org.vaelab.api.loss.LossTerm;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.model.Initializer;

/**
 * {@code sum(mean^2) / s} with a learned {@code [1, 1]} divisor s: SameDiff M2.1 differentiates a division
 * by a {@code [1, 1]} array wrongly, so this term's reference gradient is wrong, which the engine contract
 * must catch (the contract's own negative test).
 */
public final class LearnedDivisor implements LossTerm {

    /** @param weight the term's weight */
    public record Spec(double weight) implements LossSpec {
        public static final String TYPE = "learned-divisor";

        @JsonCreator
        public Spec(@JsonProperty("weight") Double weight) {
            this(weight == null ? 1.0 : weight.doubleValue());
        }
    }

    LearnedDivisor(Spec spec) {}

    @Override
    public String name() {
        return "divided";
    }

    @Override
    public SDVariable perExample(GraphContext g, ForwardPass fp) {
        SDVariable divisor = g.parameter("divisor", Initializer.constant(2.0), 1, 1);
        return g.sd().math.square(fp.posterior().mean()).div(divisor).sum(1);
    }
}
