package org.vaelab.models.mlp;

import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.model.Decoder;
import org.vaelab.api.model.GraphContext;

/**
 * Fully connected decoder p(x|z) of the variational autoencoder (D. P. Kingma and M. Welling,
 * "Auto-Encoding Variational Bayes", ICLR 2014, arXiv:1312.6114, appendix C.1).
 *
 * <p>The latent code passes through hidden dense layers {@code fc1, fc2, ...}, each followed by the
 * activation, and then one dense layer {@code head} with one output per pixel ({@code C*H*W}), followed
 * by the output activation. With the default {@code identity} output the values are logits, which the
 * Bernoulli reconstruction term reads. Weights and biases are drawn from
 * {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))}, PyTorch's default. Parameters, inside the runner's
 * {@code decoder/} scope: {@code fc<i>/w} {@code [in, out]}, {@code fc<i>/b} {@code [out]},
 * {@code head/w} {@code [in, C*H*W]}, {@code head/b} {@code [C*H*W]}; the output is named {@code output}.
 *
 * <table>
 *   <caption>Config ({@code "type": "mlp"})</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code hidden}</td><td>{@code [256, 512]}</td>
 *       <td>Widths of the hidden layers, latent side first; each positive; empty for a linear decoder.</td></tr>
 *   <tr><td>{@code activation}</td><td>{@code "relu"}</td>
 *       <td>Activation after each hidden layer: {@code relu}, {@code tanh}, {@code sigmoid}, {@code elu},
 *       {@code leaky-relu}, {@code softplus} or {@code identity}.</td></tr>
 *   <tr><td>{@code outputActivation}</td><td>{@code "identity"}</td>
 *       <td>Activation of the output layer; {@code identity} gives logits for a Bernoulli reconstruction
 *       term, {@code sigmoid} gives means in (0, 1).</td></tr>
 * </table>
 */
public final class MlpDecoder implements Decoder {

    /** Local name of the decoder output, {@code decoder/output} in the runner's graph. */
    public static final String OUTPUT_NAME = "output";

    private final MlpDecoderSpec spec;

    /** @param spec the validated config */
    public MlpDecoder(MlpDecoderSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /** @return the config this decoder was built from */
    public MlpDecoderSpec spec() {
        return spec;
    }

    @Override
    public SDVariable decode(GraphContext g, SDVariable z) {
        long latent = g.latentDim();
        SDVariable h = Dense.hiddenStack(g, z, latent, spec.hidden(), spec.activation());
        boolean identity = spec.outputActivation() == Activation.IDENTITY;   // adds no op: name the layer instead
        SDVariable out = Dense.layer(g, "head", h, Dense.lastWidth(latent, spec.hidden()),
                g.inputDim() * g.outputsPerPixel(), identity ? OUTPUT_NAME : null);
        return spec.outputActivation().apply(g.sd(), identity ? null : OUTPUT_NAME, out);
    }

    /** @return true: the head emits {@code outputsPerPixel * C*H*W} values, the output activation on all of them */
    @Override
    public boolean supportsOutputsPerPixel() {
        return true;
    }
}
