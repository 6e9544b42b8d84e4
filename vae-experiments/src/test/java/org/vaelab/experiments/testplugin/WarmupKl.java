package org.vaelab.experiments.testplugin;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.loss.ForwardPass;
import org.vaelab.api.loss.LossSpec;
import org.vaelab.api.loss.LossTerm;
import org.vaelab.api.model.GraphContext;

/**
 * A KL on a schedule: {@code min(1, (step + 1) / warmupSteps) * KL}, proof that a term can follow the
 * training step ({@link GraphContext#trainingStep()}).
 */
public final class WarmupKl implements LossTerm {

    /**
     * @param weight the term's weight
     * @param warmupSteps steps until the full KL
     */
    public record Spec(double weight, int warmupSteps) implements LossSpec {
        public static final String TYPE = "warmup-kl";

        @JsonCreator
        public Spec(@JsonProperty("weight") Double weight, @JsonProperty("warmupSteps") Integer warmupSteps) {
            this(weight == null ? 1.0 : weight, warmupSteps == null ? 10 : warmupSteps);
        }
    }

    private final Spec spec;

    WarmupKl(Spec spec) {
        this.spec = spec;
    }

    @Override
    public String name() {
        return "warmup-kl";
    }

    @Override
    public SDVariable perExample(GraphContext g, ForwardPass fp) {
        SDVariable ramp = g.sd().math.min(g.trainingStep().add(1.0).div(spec.warmupSteps()), g.sd().constant(1f));
        return fp.prior().kl(g, fp.posterior(), fp.z()).mul(ramp);
    }
}
