package org.vaelab.models.conv;

import java.util.List;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.UserInputException;
import org.vaelab.api.data.ImageShape;
import org.vaelab.api.model.Encoder;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.model.Posterior;
import org.vaelab.models.mlp.Activation;
import org.vaelab.models.mlp.Dense;

/**
 * Convolutional encoder q(z|x): strided convolutions, then dense layers, then a Gaussian head, as in the
 * convolutional VAEs of C. P. Burgess et al., "Understanding disentangling in beta-VAE", NIPS 2017
 * workshop, arXiv:1804.03599 (4x4 kernels, stride 2), and the conv model (M2) of the PyTorch reference
 * {@code shared/bench/torch_vae.py}, which the defaults reproduce: conv 32 -> conv 64 -> dense 256 -> z.
 *
 * <p>The flat input {@code [batch, C*H*W]} (channel-major) is reshaped to {@code [batch, C, H, W]}
 * ({@code image}). Each convolution {@code conv1, conv2, ...} (square kernel, same stride and zero padding
 * for all) is followed by the activation; its output is {@code floor((in + 2*padding - kernel) / stride) + 1}
 * rows and columns, as in PyTorch, so rows and columns the last window does not reach are dropped. The
 * last feature map is flattened ({@code flat}), passed through dense layers {@code fc1, fc2, ...} with the
 * activation, and then through one dense layer {@code head} with {@code 2 * latentDim} outputs: the first
 * {@code latentDim} columns are the posterior mean, the rest the log-variance. An image too small for the
 * layers (a feature map that would be empty) is rejected when the graph is built, naming the layer.
 *
 * <p>Initialisation is PyTorch's default, {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))} for weights and biases,
 * with {@code fanIn = inChannels * kernel^2} for convolutions. Parameters, inside the runner's
 * {@code encoder/} scope: {@code conv<i>/w} {@code [kernel, kernel, in, out]} (SameDiff's layout),
 * {@code conv<i>/b} {@code [out]}, {@code fc<i>/w} {@code [in, out]}, {@code fc<i>/b} {@code [out]},
 * {@code head/w} {@code [in, 2*latentDim]}, {@code head/b} {@code [2*latentDim]}. Outputs are named
 * {@code mean} and {@code logvar}; the activations of convolution {@code i} are named {@code conv<i>/out}.
 *
 * <table>
 *   <caption>Config ({@code "type": "conv"})</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code channels}</td><td>{@code [32, 64]}</td>
 *       <td>Output channels of the convolutions, input side first; at least one; each positive.</td></tr>
 *   <tr><td>{@code kernel}</td><td>{@code 4}</td><td>Side of the square kernel of every convolution.</td></tr>
 *   <tr><td>{@code stride}</td><td>{@code 2}</td><td>Stride of every convolution.</td></tr>
 *   <tr><td>{@code padding}</td><td>{@code 1}</td><td>Zero padding on each side, for every convolution.</td></tr>
 *   <tr><td>{@code dense}</td><td>{@code [256]}</td>
 *       <td>Widths of the dense layers after flattening; each positive; may be empty.</td></tr>
 *   <tr><td>{@code activation}</td><td>{@code "relu"}</td>
 *       <td>Activation after each convolution and dense layer: {@code relu}, {@code tanh}, {@code sigmoid},
 *       {@code elu}, {@code leaky-relu}, {@code softplus} or {@code identity}.</td></tr>
 *   <tr><td>{@code residualBlocks}</td><td>{@code 0}</td>
 *       <td>Residual blocks {@code act(h + conv3x3(act(conv3x3(h))))} after each convolution
 *       ({@code conv<i>/res<j>/a}, {@code .../b}, output {@code conv<i>/res<j>/out}).</td></tr>
 * </table>
 */
public final class ConvEncoder implements Encoder {

    /** Local name of the posterior mean, {@code encoder/mean} in the runner's graph. */
    public static final String MEAN_NAME = "mean";

    /** Local name of the posterior log-variance, {@code encoder/logvar} in the runner's graph. */
    public static final String LOG_VAR_NAME = "logvar";

    private final ConvEncoderSpec spec;

    /** @param spec the validated config */
    public ConvEncoder(ConvEncoderSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /** @return the config this encoder was built from */
    public ConvEncoderSpec spec() {
        return spec;
    }

    @Override
    public Posterior encode(GraphContext g, SDVariable input) {
        ImageShape image = g.imageShape();
        int[][] sizes = featureMapSizes(image);
        int k = spec.kernel();
        int s = spec.stride();
        int p = spec.padding();
        List<Integer> channels = spec.channels();

        SDVariable h = g.sd().reshape("image", input, -1, image.channels(), image.height(), image.width());
        long inC = image.channels();
        for (int i = 0; i < channels.size(); i++) {
            String name = "conv" + (i + 1);
            long c = inC;
            long outC = channels.get(i);
            SDVariable x = h;
            h = ConvLayers.activated(g, spec.activation(), name + "/out",
                    out -> ConvLayers.conv(g, name, x, c, outC, k, s, p, out));
            h = ConvLayers.residualBlocks(g, name, h, outC, spec.residualBlocks(), spec.activation());
            inC = outC;
        }
        int[] last = sizes[sizes.length - 1];
        long flat = inC * last[0] * last[1];
        h = g.sd().reshape("flat", h, -1, flat);

        long latent = g.latentDim();
        h = Dense.hiddenStack(g, h, flat, spec.dense(), spec.activation());
        SDVariable out = Dense.layer(g, "head", h, Dense.lastWidth(flat, spec.dense()), 2 * latent);
        return new Posterior(columns(g, MEAN_NAME, out, 0, latent), columns(g, LOG_VAR_NAME, out, latent, 2 * latent));
    }

    /**
     * The spatial size after each convolution, checked to stay at least 1x1.
     *
     * @param image the input image shape
     * @return {@code {height, width}} of the input and after each convolution
     * @throws UserInputException when a feature map would be empty
     */
    int[][] featureMapSizes(ImageShape image) {
        int k = spec.kernel();
        int s = spec.stride();
        int p = spec.padding();
        int n = spec.channels().size();
        int[][] sizes = new int[n + 1][];
        sizes[0] = new int[] {image.height(), image.width()};
        for (int i = 0; i < n; i++) {
            int[] in = sizes[i];
            int[] out = {ConvLayers.convOutSize(in[0], k, s, p), ConvLayers.convOutSize(in[1], k, s, p)};
            if (out[0] < 1 || out[1] < 1) {
                throw new UserInputException(String.format(
                        "model.encoder (conv): layer conv%d gets a %dx%d feature map (image %s after %d convolution%s), "
                                + "too small for a %dx%d kernel with padding %d: its output would be empty. Use fewer "
                                + "convolution layers (channels has %d entries), a smaller kernel or more padding",
                        i + 1, in[0], in[1], image, i, i == 1 ? "" : "s", k, k, p, n));
            }
            sizes[i + 1] = out;
        }
        return sizes;
    }

    /** Columns {@code [from, to)} of a {@code [batch, n]} matrix, for any batch size (a strided slice). */
    private static SDVariable columns(GraphContext g, String name, SDVariable x, long from, long to) {
        int allRows = 1;                                     // bit 0 set: ignore begin/end of dimension 0
        return g.sd().stridedSlice(name, x, new long[] {0, from}, new long[] {0, to}, new long[] {1, 1},
                allRows, allRows, 0, 0, 0);
    }
}
