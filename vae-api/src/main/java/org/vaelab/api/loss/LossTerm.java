package org.vaelab.api.loss;

import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.model.GraphContext;

/** One term of the training objective. */
public interface LossTerm {

    /**
     * @return a short metric name such as {@code "recon"} or {@code "kl"}; logged as {@code loss/<name>}.
     *     The runner appends a suffix when two terms share a name.
     */
    String name();

    /**
     * Adds the term's ops to the graph, inside the {@code loss/} name scope.
     *
     * @param g the graph context
     * @param fp the forward pass to score
     * @return the raw per-example value, {@code [batch]}, summed over pixels and latent dimensions
     */
    SDVariable perExample(GraphContext g, ForwardPass fp);

    /**
     * What the framework calls to add the term: {@link #perExample} alone by default. A term that trains a
     * component of its own (an adversary) overrides it to return that component's loss as a side objective and
     * any metrics beside the value; {@link #perExample} then returns {@code build(g, fp).perExample()}.
     *
     * @param g the graph context
     * @param fp the forward pass to score
     * @return the per-example value, side objectives and metrics
     */
    default TermOutputs build(GraphContext g, ForwardPass fp) {
        return TermOutputs.of(perExample(g, fp));
    }

    /**
     * A fixed multiplier the term applies in the objective on top of the config's {@code weight}, such
     * as beta for a beta-weighted KL. Metrics log the raw value, so a KL is reported in nats whatever beta.
     *
     * @return the coefficient; 1 by default
     */
    default double coefficient() {
        return 1.0;
    }

    /**
     * A multiplier computed in the graph, applied in the objective on top of {@link #coefficient()} and the
     * config's {@code weight}: a schedule of the step or epoch ({@link GraphContext#trainingStep()}). Metrics still
     * log the raw value. Called once, inside the {@code loss/} name scope, after {@link #perExample}.
     *
     * @param g the graph context
     * @return a scalar, or empty for none (the default)
     */
    default java.util.Optional<SDVariable> scheduledCoefficient(GraphContext g) {
        return java.util.Optional.empty();
    }

    /** @return which part of the negative ELBO the raw value is; {@link ElboPart#NONE} by default */
    default ElboPart elboPart() {
        return ElboPart.NONE;
    }
}
