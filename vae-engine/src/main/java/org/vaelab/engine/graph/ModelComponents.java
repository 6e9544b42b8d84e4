package org.vaelab.engine.graph;

import java.util.List;
import java.util.Objects;
import org.vaelab.api.corruption.Corruption;
import org.vaelab.api.loss.LossTerm;
import org.vaelab.api.model.Decoder;
import org.vaelab.api.model.Encoder;
import org.vaelab.api.model.Prior;

/**
 * The live components of one run.
 *
 * @param encoder q(z|x)
 * @param decoder p(x|z)
 * @param prior p(z)
 * @param losses the loss terms with their config weights, in config order
 * @param corruption the input corruption, or null
 */
public record ModelComponents(Encoder encoder, Decoder decoder, Prior prior, List<WeightedTerm> losses,
        Corruption corruption) {

    /**
     * A loss term and its config weight.
     *
     * @param term the term
     * @param weight the weight from the config
     */
    public record WeightedTerm(LossTerm term, double weight) {}

    /** Rejects nulls other than the corruption. */
    public ModelComponents {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(prior, "prior");
        losses = List.copyOf(losses);
    }
}
