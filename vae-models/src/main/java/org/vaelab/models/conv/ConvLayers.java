package org.vaelab.models.conv;

import java.util.function.Function;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.model.Initializer;
import org.vaelab.models.mlp.Activation;

/** Convolution and transposed-convolution layers (NCHW, square kernels) shared by the conv encoder and decoder. */
final class ConvLayers {

    private ConvLayers() {}

    /**
     * Adds a convolution {@code conv2d(x, W) + b} with explicit zero padding: {@code W} named
     * {@code <name>/w}, {@code [k, k, inC, outC]} (SameDiff's layout), and {@code b} named
     * {@code <name>/b}, {@code [outC]}, both from {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))} with
     * {@code fanIn = inC * k * k}, as PyTorch's {@code Conv2d}.
     *
     * @param outputName the output's local name, or null for a generated one
     * @return {@code [batch, outC, outH, outW]} with {@code out = floor((in + 2p - k) / s) + 1}
     */
    static SDVariable conv(GraphContext g, String name, SDVariable x, long inC, long outC, int k, int s, int p,
            String outputName) {
        Initializer init = Initializer.fanInUniform(inC * k * k);
        SDVariable w = g.parameter(name + "/w", init, k, k, inC, outC);
        SDVariable b = g.parameter(name + "/b", init, outC);
        Conv2DConfig config = Conv2DConfig.builder().kH(k).kW(k).sH(s).sW(s).pH(p).pW(p).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NCHW).build();
        return g.sd().cnn.conv2d(outputName, x, w, b, config);
    }

    /**
     * Adds a transposed convolution (the adjoint of {@link #conv}): {@code W} named {@code <name>/w},
     * {@code [k, k, outC, inC]} (SameDiff's layout), and {@code b} named {@code <name>/b}, {@code [outC]}.
     *
     * <p>Initialisation matches PyTorch's {@code ConvTranspose2d}: its weight is stored as
     * {@code [inC, outC, k, k]} and PyTorch computes the fan-in from dimension 1 times the kernel area,
     * so weights and bias alike are drawn from {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))} with
     * {@code fanIn = outC * k * k} of this layer (not {@code inC * k * k}).
     *
     * @param outputName the output's local name, or null for a generated one
     * @return {@code [batch, outC, outH, outW]} with {@code out = (in - 1) * s + k - 2p}
     */
    static SDVariable deconv(GraphContext g, String name, SDVariable x, long inC, long outC, int k, int s, int p,
            String outputName) {
        Initializer init = Initializer.fanInUniform(outC * k * k);   // PyTorch: fan-in from weight dim 1 = outC
        SDVariable w = g.parameter(name + "/w", init, k, k, outC, inC);
        SDVariable b = g.parameter(name + "/b", init, outC);
        DeConv2DConfig config = DeConv2DConfig.builder().kH(k).kW(k).sH(s).sW(s).pH(p).pW(p).dH(1).dW(1)
                .isSameMode(false).dataFormat(DeConv2DConfig.NCHW).build();
        return g.sd().cnn.deconv2d(outputName, x, w, b, config);
    }

    /**
     * Adds {@code blocks} residual blocks {@code act(h + conv3x3(act(conv3x3(h))))} at constant channels and size
     * (K. He et al., <i>Deep Residual Learning for Image Recognition</i>, CVPR 2016, without batch norm), named
     * {@code <name>/res<j>/a}, {@code <name>/res<j>/b} (convolutions, initialised as {@link #conv}) and
     * {@code <name>/res<j>/out} (the block's output).
     *
     * @param x {@code [batch, channels, h, w]}
     * @return the same shape; {@code x} itself for no blocks
     */
    static SDVariable residualBlocks(GraphContext g, String name, SDVariable x, long channels, int blocks,
            Activation activation) {
        SDVariable h = x;
        for (int j = 1; j <= blocks; j++) {
            String block = name + "/res" + j;
            SDVariable in = h;
            SDVariable inner = activated(g, activation, block + "/a/out",
                    out -> conv(g, block + "/a", in, channels, channels, 3, 1, 1, out));
            SDVariable sum = in.add(conv(g, block + "/b", inner, channels, channels, 3, 1, 1, null));
            h = activation == Activation.IDENTITY ? g.sd().identity(block + "/out", sum)
                    : activation.apply(g.sd(), block + "/out", sum);
        }
        return h;
    }

    /**
     * Adds a layer followed by an activation, naming the activations {@code name}. {@link Activation#IDENTITY}
     * adds no op, so the layer's own output takes the name then.
     *
     * @param layer adds the layer given the name its output should have (null: generated)
     */
    static SDVariable activated(GraphContext g, Activation activation, String name,
            Function<String, SDVariable> layer) {
        boolean identity = activation == Activation.IDENTITY;
        SDVariable pre = layer.apply(identity ? name : null);
        return activation.apply(g.sd(), identity ? null : name, pre);
    }

    /**
     * @return the output size of a convolution, {@code floor((in + 2p - k) / s) + 1} (PyTorch's and
     *     SameDiff's), or 0 when the kernel does not fit the padded input
     */
    static int convOutSize(int in, int k, int s, int p) {
        int span = in + 2 * p - k;
        return span < 0 ? 0 : span / s + 1;
    }

    /** @return the output size of a transposed convolution, {@code (in - 1) * s + k - 2p} */
    static int deconvOutSize(int in, int k, int s, int p) {
        return (in - 1) * s + k - 2 * p;
    }
}
