package org.vaelab.api.dense;

import java.util.Optional;

/**
 * Implemented by a {@link org.vaelab.api.loss.LossTerm} whose per-example value is one of the standard
 * quantities of {@link DenseLoss}, computed from the forward pass's clean target, decoder output and
 * posterior.
 */
public interface DenseLossTerm {

    /** @return the term's dense form, or empty when this configuration has none */
    Optional<DenseLoss> denseLoss();
}
