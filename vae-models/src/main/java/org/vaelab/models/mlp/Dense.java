package org.vaelab.models.mlp;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.model.Initializer;

/**
 * Dense layers shared by the MLP encoder and decoder, and by the dense parts of the convolutional ones
 * in {@code org.vaelab.models.conv}.
 */
public final class Dense {

    private Dense() {}

    /**
     * Adds one dense layer {@code x W + b} (a single fused op), with {@code W} named {@code <name>/w},
     * {@code [in, out]}, and {@code b} named {@code <name>/b}, {@code [out]}, both drawn from
     * {@link Initializer#fanInUniform}.
     *
     * @param g the graph context
     * @param name the layer's local name, for example {@code "fc1"}
     * @param x the input, {@code [batch, in]}
     * @param in input width
     * @param out output width
     * @return the pre-activations, {@code [batch, out]}
     */
    public static SDVariable layer(GraphContext g, String name, SDVariable x, long in, long out) {
        return layer(g, name, x, in, out, null);
    }

    /**
     * As {@link #layer(GraphContext, String, SDVariable, long, long)}, naming the output {@code outputName}.
     *
     * @param g the graph context
     * @param name the layer's local name
     * @param x the input, {@code [batch, in]}
     * @param in input width
     * @param out output width
     * @param outputName the output's local name, or null for a generated one
     * @return the pre-activations, {@code [batch, out]}
     */
    public static SDVariable layer(GraphContext g, String name, SDVariable x, long in, long out, String outputName) {
        Initializer init = Initializer.fanInUniform(in);
        SDVariable w = g.parameter(name + "/w", init, in, out);
        SDVariable b = g.parameter(name + "/b", init, out);
        return g.sd().nn.linear(outputName, x, w, b);
    }

    /**
     * Adds hidden layers {@code fc1, fc2, ...}, each followed by {@code activation}.
     *
     * @param g the graph context
     * @param x the input, {@code [batch, in]}
     * @param in input width
     * @param hidden the hidden widths, input side first
     * @param activation the activation after each layer
     * @return the last hidden activations (or {@code x} when {@code hidden} is empty)
     */
    public static SDVariable hiddenStack(GraphContext g, SDVariable x, long in, List<Integer> hidden, Activation activation) {
        SDVariable h = x;
        long width = in;
        for (int i = 0; i < hidden.size(); i++) {
            long out = hidden.get(i);
            h = activation.apply(g.sd(), layer(g, "fc" + (i + 1), h, width, out));
            width = out;
        }
        return h;
    }

    /**
     * @param in the input width
     * @param hidden the hidden widths
     * @return the width of the last hidden layer, or {@code in} when there is none
     */
    public static long lastWidth(long in, List<Integer> hidden) {
        return hidden.isEmpty() ? in : hidden.get(hidden.size() - 1);
    }
}
