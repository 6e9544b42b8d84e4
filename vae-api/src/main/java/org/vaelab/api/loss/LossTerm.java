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

    /**
     * Scalars logged beside the term and outside the objective, such as a codebook's perplexity: each is
     * logged as {@code <name>/<key>} (the term's metric name without {@code loss/}). They are statistics of the
     * batch they are computed on, so held-out values are means over evaluation batches and depend on the batch
     * size. Called once, inside the {@code loss/} name scope, after {@link #perExample}.
     *
     * @param g the graph context
     * @param fp the forward pass
     * @return scalar variables by key (the default: none)
     */
    default java.util.Map<String, SDVariable> metrics(GraphContext g, ForwardPass fp) {
        return java.util.Map.of();
    }

    /** @return which part of the negative ELBO the raw value is; {@link ElboPart#NONE} by default */
    default ElboPart elboPart() {
        return ElboPart.NONE;
    }
}
