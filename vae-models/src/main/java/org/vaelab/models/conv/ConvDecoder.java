package org.vaelab.models.conv;

import java.util.List;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.UserInputException;
import org.vaelab.api.data.ImageShape;
import org.vaelab.api.model.Decoder;
import org.vaelab.api.model.GraphContext;
import org.vaelab.models.mlp.Activation;
import org.vaelab.models.mlp.Dense;

/**
 * Convolutional decoder p(x|z): dense layers, then strided transposed convolutions up to the image size,
 * mirroring {@link ConvEncoder} (C. P. Burgess et al., "Understanding disentangling in beta-VAE", NIPS 2017
 * workshop, arXiv:1804.03599; the defaults reproduce the conv model M2 of the PyTorch reference
 * {@code shared/bench/torch_vae.py}: dense 256 -> dense 64*7*7 -> deconv 32 -> deconv 1).
 *
 * <p>The latent code passes through dense layers {@code fc1, fc2, ...} with the activation and then one
 * dense layer {@code project} to {@code channels[0] * h0 * w0} values, also with the activation, where
 * {@code h0 x w0} is the image size divided by {@code stride^n} for {@code n} transposed convolutions
 * (7x7 for 28x28 with the defaults). That is reshaped to {@code [batch, channels[0], h0, w0]}
 * ({@code map}) and passes through the transposed convolutions {@code deconv1, ..., deconv<n>}: layer
 * {@code i} maps {@code channels[i-1]} channels to {@code channels[i]}, the last one to the image's
 * channels; each multiplies the size by {@code stride} (its output is {@code (in - 1) * stride + kernel -
 * 2 * padding}, so {@code kernel - 2 * padding} must equal {@code stride}). The hidden ones are followed by
 * the activation, the last by the output activation; the result is flattened to {@code [batch, C*H*W]},
 * channel-major. With the default {@code identity} output the values are logits, which the Bernoulli
 * reconstruction term reads. An image size not divisible by {@code stride^n}, or a kernel and padding that
 * do not multiply the size by the stride, are rejected when the graph is built.
 *
 * <p>Initialisation is PyTorch's default, {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))} for weights and biases;
 * for a transposed convolution PyTorch takes {@code fanIn = outChannels * kernel^2} (dimension 1 of its
 * {@code [in, out, k, k]} weight), and so does this decoder. Parameters, inside the runner's
 * {@code decoder/} scope: {@code fc<i>/w} {@code [in, out]}, {@code fc<i>/b} {@code [out]},
 * {@code project/w} {@code [in, channels[0]*h0*w0]}, {@code project/b}, {@code deconv<i>/w}
 * {@code [kernel, kernel, out, in]} (SameDiff's layout), {@code deconv<i>/b} {@code [out]}. The output is
 * named {@code output}; the activations of transposed convolution {@code i} are named {@code deconv<i>/out}.
 *
 * <table>
 *   <caption>Config ({@code "type": "conv"})</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code dense}</td><td>{@code [256]}</td>
 *       <td>Widths of the dense layers applied to z, latent side first; each positive; may be empty.</td></tr>
 *   <tr><td>{@code channels}</td><td>{@code [64, 32]}</td>
 *       <td>Channels of the feature map entering each transposed convolution; at least one; each
 *       positive.</td></tr>
 *   <tr><td>{@code kernel}</td><td>{@code 4}</td><td>Side of the square kernel of every transposed convolution.</td></tr>
 *   <tr><td>{@code stride}</td><td>{@code 2}</td><td>Stride of every transposed convolution.</td></tr>
 *   <tr><td>{@code padding}</td><td>{@code 1}</td>
 *       <td>Padding of every transposed convolution; {@code kernel - 2 * padding} must equal {@code stride}.</td></tr>
 *   <tr><td>{@code activation}</td><td>{@code "relu"}</td>
 *       <td>Activation after each hidden layer: {@code relu}, {@code tanh}, {@code sigmoid}, {@code elu},
 *       {@code leaky-relu}, {@code softplus} or {@code identity}.</td></tr>
 *   <tr><td>{@code outputActivation}</td><td>{@code "identity"}</td>
 *       <td>Activation of the output layer; {@code identity} gives logits for a Bernoulli reconstruction
 *       term, {@code sigmoid} gives means in (0, 1).</td></tr>
 *   <tr><td>{@code residualBlocks}</td><td>{@code 0}</td>
 *       <td>Residual blocks {@code act(h + conv3x3(act(conv3x3(h))))} on the map entering each transposed
 *       convolution ({@code deconv<i>/res<j>/a}, {@code .../b}, output {@code deconv<i>/res<j>/out}).</td></tr>
 * </table>
 */
public final class ConvDecoder implements Decoder {

    /** Local name of the decoder output, {@code decoder/output} in the runner's graph. */
    public static final String OUTPUT_NAME = "output";

    private final ConvDecoderSpec spec;

    /** @param spec the validated config */
    public ConvDecoder(ConvDecoderSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /** @return the config this decoder was built from */
    public ConvDecoderSpec spec() {
        return spec;
    }

    @Override
    public SDVariable decode(GraphContext g, SDVariable z) {
        ImageShape image = g.imageShape();
        int[] first = firstMapSize(image);
        int k = spec.kernel();
        int s = spec.stride();
        int p = spec.padding();
        List<Integer> channels = spec.channels();
        int n = channels.size();

        long latent = g.latentDim();
        SDVariable h = Dense.hiddenStack(g, z, latent, spec.dense(), spec.activation());
        long projected = (long) channels.get(0) * first[0] * first[1];
        SDVariable x0 = h;
        h = ConvLayers.activated(g, spec.activation(), "project/out",
                out -> Dense.layer(g, "project", x0, Dense.lastWidth(latent, spec.dense()), projected, out));
        h = g.sd().reshape("map", h, -1, channels.get(0), first[0], first[1]);

        for (int i = 0; i < n; i++) {
            String name = "deconv" + (i + 1);
            long inC = channels.get(i);
            boolean last = i == n - 1;
            long outC = last ? (long) image.channels() * g.outputsPerPixel() : channels.get(i + 1);
            Activation activation = last ? spec.outputActivation() : spec.activation();
            SDVariable x = ConvLayers.residualBlocks(g, name, h, inC, spec.residualBlocks(), spec.activation());
            h = ConvLayers.activated(g, activation, name + "/out",
                    out -> ConvLayers.deconv(g, name, x, inC, outC, k, s, p, out));
        }
        return g.sd().reshape(OUTPUT_NAME, h, -1, image.size() * g.outputsPerPixel());
    }

    /**
     * @return true: the last transposed convolution emits {@code outputsPerPixel} times the image's channels,
     *     channel-major, so the first {@code C*H*W} columns are the ones a one-value likelihood reads
     */
    @Override
    public boolean supportsOutputsPerPixel() {
        return true;
    }

    /**
     * The size of the map entering the first transposed convolution: the image size divided by
     * {@code stride^n}.
     *
     * @param image the output image shape
     * @return {@code {h0, w0}}
     * @throws UserInputException when the layers cannot produce exactly the image size
     */
    int[] firstMapSize(ImageShape image) {
        int k = spec.kernel();
        int s = spec.stride();
        int p = spec.padding();
        int n = spec.channels().size();
        if (k - 2 * p != s) {
            throw new UserInputException(String.format(
                    "model.decoder (conv): a transposed convolution with kernel %d, stride %d and padding %d turns "
                            + "an m x m map into a %s map, not %dm x %dm as the decoder needs: choose kernel - 2 x "
                            + "padding = stride (for example kernel %d, stride %d, padding %d)",
                    k, s, p, sizeFormula(k, s, p), s, s, s + 2, s, 1));
        }
        long factor = 1;
        for (int i = 0; i < n; i++) {
            factor = factor > Integer.MAX_VALUE ? factor : factor * s;    // saturates: no image is that large
        }
        if (image.height() % factor != 0 || image.width() % factor != 0) {
            String rows = String.format("%d/%d = %s", image.height(), factor, ratio(image.height(), factor));
            String cols = String.format("%d/%d = %s", image.width(), factor, ratio(image.width(), factor));
            throw new UserInputException(String.format(
                    "model.decoder (conv): %d transposed convolution%s of stride %d enlarge the first feature map "
                            + "%d-fold, but image %s does not divide: height %s, width %s. Use fewer layers "
                            + "(channels has %d entries) or an image size divisible by %d",
                    n, n == 1 ? "" : "s", s, factor, image, rows, cols, n, factor));
        }
        return new int[] {(int) (image.height() / factor), (int) (image.width() / factor)};
    }

    private static String sizeFormula(int k, int s, int p) {
        int offset = k - 2 * p - s;
        String m = s == 1 ? "m" : s + "m";
        String size = offset == 0 ? m : offset > 0 ? m + "+" + offset : m + "-" + (-offset);
        return size + " x " + size;
    }

    private static String ratio(long a, long b) {
        return a % b == 0 ? Long.toString(a / b) : Double.toString((double) a / b);
    }
}
