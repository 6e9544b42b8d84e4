package org.vaelab.api.model;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The generative network: maps latent codes to the parameters of p(x|z).
 *
 * <p>The output is unconstrained ({@code [batch, C*H*W]}); the reconstruction loss term says how to
 * read it, for example as Bernoulli logits or as Gaussian means.
 */
public interface Decoder {

    /**
     * Adds the decoder's ops to the graph. Called once per graph, inside the {@code decoder/} name scope.
     *
     * @param g the graph context
     * @param z latent codes, {@code [batch, latentDim]}
     * @return the decoder output, {@code [batch, C*H*W]}
     */
    SDVariable decode(GraphContext g, SDVariable z);

    /**
     * Whether the decoder emits {@link GraphContext#outputsPerPixel()} values per pixel, {@code [batch, n*C*H*W]}
     * in blocks of {@code C*H*W} (for a likelihood whose scale it predicts). A decoder that does not is refused
     * beside such a likelihood when the graph is built.
     *
     * @return false by default
     */
    default boolean supportsOutputsPerPixel() {
        return false;
    }
}
