package org.vaelab.experiments.testplugin;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.inject.Inject;
import jakarta.validation.constraints.PositiveOrZero;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.ComponentFactory;
import org.vaelab.api.loss.ForwardPass;
import org.vaelab.api.loss.LossSpec;
import org.vaelab.api.loss.LossTerm;
import org.vaelab.api.model.GraphContext;

/** A penalty on the posterior means, sum(mean^2); its factory is created by Guice. */
public final class LatentL2 implements LossTerm {

    /** @param weight the term's weight */
    public record Spec(@JsonPropertyDescription("Weight.") @PositiveOrZero double weight) implements LossSpec {
        public static final String TYPE = "latent-l2";

        /** Loss specs keep {@code weight} primitive (it implements {@link LossSpec#weight()}); default it here. */
        @com.fasterxml.jackson.annotation.JsonCreator
        public Spec(@com.fasterxml.jackson.annotation.JsonProperty("weight") Double weight) {
            this(weight == null ? 0.1 : weight.doubleValue());
        }
    }

    /** Created by Guice, to show factories may be injected. */
    public static final class Factory implements ComponentFactory<Spec, LatentL2> {
        @Inject
        Factory() {}

        @Override
        public LatentL2 create(Spec spec) {
            return new LatentL2();
        }
    }

    @Override
    public String name() {
        return "latent-l2";
    }

    @Override
    public SDVariable perExample(GraphContext g, ForwardPass fp) {
        return g.sd().math.square(fp.posterior().mean()).sum(1);
    }
}
