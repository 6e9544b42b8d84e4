package org.vaelab.api.dense;

import java.util.List;
import java.util.Optional;
import org.vaelab.api.data.ImageShape;

/**
 * Implemented by an {@link org.vaelab.api.model.Encoder} or {@link org.vaelab.api.model.Decoder} whose
 * SameDiff ops are exactly a chain of {@link NetworkLayer}s (fully connected layers).
 *
 * <p>For an encoder the chain maps {@code [batch, C*H*W]} to {@code [batch, 2 * latentDim]}, the first
 * {@code latentDim} columns being the posterior mean and the rest the log-variance; for a decoder it maps
 * {@code [batch, latentDim]} to the decoder output {@code [batch, C*H*W]}.
 */
public interface DenseNetwork {

    /**
     * @param image the shape of one input image ({@code C*H*W} values flattened)
     * @param latentDim latent dimensions
     * @return the layers, input side first; empty when this configuration has no dense form (for
     *     example an activation the dense engine does not implement)
     */
    Optional<List<NetworkLayer>> denseLayers(ImageShape image, int latentDim);
}
