package org.vaelab.api.dense;

import java.util.List;
import java.util.Optional;

/**
 * Implemented by an {@link org.vaelab.api.model.Encoder} or {@link org.vaelab.api.model.Decoder} whose
 * SameDiff ops are exactly a chain of {@link DenseLayer}s.
 *
 * <p>For an encoder the chain maps {@code [batch, inputDim]} to {@code [batch, 2 * latentDim]}, the first
 * {@code latentDim} columns being the posterior mean and the rest the log-variance; for a decoder it maps
 * {@code [batch, latentDim]} to the decoder output {@code [batch, inputDim]}.
 */
public interface DenseNetwork {

    /**
     * @param inputDim values in one flattened image, {@code C*H*W}
     * @param latentDim latent dimensions
     * @return the layers, input side first; empty when this configuration has no dense form (for
     *     example an activation the dense engine does not implement)
     */
    Optional<List<DenseLayer>> denseLayers(long inputDim, int latentDim);
}
