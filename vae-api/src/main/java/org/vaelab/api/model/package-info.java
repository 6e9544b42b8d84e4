/**
 * Model components: {@link org.vaelab.api.model.Encoder}, {@link org.vaelab.api.model.Decoder} and
 * {@link org.vaelab.api.model.Prior}, and the {@link org.vaelab.api.model.GraphContext} through which
 * they add ops and parameters to the run's SameDiff graph.
 *
 * <p>The runner builds one graph per run. It opens a name scope around each component ({@code encoder/},
 * {@code decoder/}, {@code prior/}), so a component picks local names such as {@code "fc1/w"} and cannot
 * collide with another plugin. Data flows as flat row vectors: an image batch is {@code [batch, C*H*W]}
 * in channel-major (NCHW) order; a convolutional encoder reshapes it with
 * {@link org.vaelab.api.model.GraphContext#imageShape()}.
 */
package org.vaelab.api.model;
