package org.vaelab.models.mlp;

import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.model.Encoder;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.model.Posterior;

/**
 * Fully connected encoder q(z|x) of the variational autoencoder (D. P. Kingma and M. Welling,
 * "Auto-Encoding Variational Bayes", ICLR 2014, arXiv:1312.6114, appendix C.2).
 *
 * <p>The flattened input passes through hidden dense layers {@code fc1, fc2, ...}, each followed by the
 * activation, and then one dense layer {@code head} with {@code 2 * latentDim} outputs: the first
 * {@code latentDim} columns are the posterior mean, the rest the log-variance. Weights and biases are
 * drawn from {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))}, PyTorch's default. Parameters, inside the
 * runner's {@code encoder/} scope: {@code fc<i>/w} {@code [in, out]}, {@code fc<i>/b} {@code [out]},
 * {@code head/w} {@code [in, 2*latentDim]}, {@code head/b} {@code [2*latentDim]}; outputs are named
 * {@code mean} and {@code logvar}.
 *
 * <table>
 *   <caption>Config ({@code "type": "mlp"})</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code hidden}</td><td>{@code [512, 256]}</td>
 *       <td>Widths of the hidden layers, input side first; each positive; empty for a linear encoder.</td></tr>
 *   <tr><td>{@code activation}</td><td>{@code "relu"}</td>
 *       <td>Activation after each hidden layer: {@code relu}, {@code tanh}, {@code sigmoid}, {@code elu},
 *       {@code leaky-relu}, {@code softplus} or {@code identity}.</td></tr>
 * </table>
 */
public final class MlpEncoder implements Encoder {

    /** Local name of the posterior mean, {@code encoder/mean} in the runner's graph. */
    public static final String MEAN_NAME = "mean";

    /** Local name of the posterior log-variance, {@code encoder/logvar} in the runner's graph. */
    public static final String LOG_VAR_NAME = "logvar";

    private final MlpEncoderSpec spec;

    /** @param spec the validated config */
    public MlpEncoder(MlpEncoderSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /** @return the config this encoder was built from */
    public MlpEncoderSpec spec() {
        return spec;
    }

    @Override
    public Posterior encode(GraphContext g, SDVariable input) {
        long latent = g.latentDim();
        SDVariable h = Dense.hiddenStack(g, input, g.inputDim(), spec.hidden(), spec.activation());
        SDVariable out = Dense.layer(g, "head", h, Dense.lastWidth(g.inputDim(), spec.hidden()), 2 * latent);
        return new Posterior(columns(g, MEAN_NAME, out, 0, latent), columns(g, LOG_VAR_NAME, out, latent, 2 * latent));
    }

    /** Columns {@code [from, to)} of a {@code [batch, n]} matrix, for any batch size (a strided slice). */
    private static SDVariable columns(GraphContext g, String name, SDVariable x, long from, long to) {
        int allRows = 1;                                     // bit 0 set: ignore begin/end of dimension 0
        return g.sd().stridedSlice(name, x, new long[] {0, from}, new long[] {0, to}, new long[] {1, 1},
                allRows, allRows, 0, 0, 0);
    }
}
