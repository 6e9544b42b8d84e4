package org.example.vaelab.laplace;

import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.loss.ForwardPass;
import org.vaelab.api.loss.LossTerm;
import org.vaelab.api.model.GraphContext;

/**
 * A sparsity penalty on the posterior means: {@code sum_j |mean_j|} per example, summed over latent
 * dimensions like every term (the framework averages it over the batch and multiplies it by the config's
 * {@code weight}). It is logged as {@code loss/l1}; it is not part of the ELBO.
 */
public final class LatentL1 implements LossTerm {

    /** @param spec the validated config (the framework applies its weight) */
    public LatentL1(LatentL1Spec spec) {
        Objects.requireNonNull(spec, "spec");
    }

    /** @return {@code "l1"}: metrics show {@code loss/l1} */
    @Override
    public String name() {
        return "l1";
    }

    /** @return {@code sum_j |mean_j|}, {@code [batch]} */
    @Override
    public SDVariable perExample(GraphContext g, ForwardPass fp) {
        return g.sd().math.abs(fp.posterior().mean()).sum(1);
    }
}
