package org.vaelab.experiments.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.dense.ConvLayer;

/**
 * Floating-point operations per image counted from a graph's parameter shapes: every rank-2 parameter
 * {@code [in, out]} is a dense layer's weight, one matrix product of {@code 2 * in * out} FLOPs per image
 * forward. Training counts three products per weight (forward, gradient of the input, gradient of the
 * weight), the usual convention; element-wise ops, biases and the optimiser are not counted. A convolution's
 * cost depends on its feature maps, so its weight is counted only where the model describes the layer
 * ({@code org.vaelab.api.dense}): {@code 2 * positions * (k * k * inChannels) * outChannels}, positions
 * being the output positions of a convolution and the input positions of a transposed one; otherwise it
 * is listed as uncounted.
 *
 * @param forwardPerImage forward FLOPs per image (evaluation)
 * @param trainPerImage training FLOPs per image (3x forward)
 * @param denseWeights the parameters counted (dense and described convolution weights)
 * @param uncounted weight-like parameters (rank above 2) that were not counted
 */
public record FlopCount(double forwardPerImage, double trainPerImage, List<String> denseWeights, List<String> uncounted) {

    /**
     * @param parameters the trainable parameters by name
     * @return the count
     */
    public static FlopCount of(Map<String, INDArray> parameters) {
        return of(parameters, Map.of());
    }

    /**
     * @param parameters the trainable parameters by name
     * @param convolutions the model's described convolution layers by weight name ({@code encoder/conv1/w})
     * @return the count
     */
    public static FlopCount of(Map<String, INDArray> parameters, Map<String, ConvLayer> convolutions) {
        double forward = 0;
        List<String> dense = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
            long[] shape = e.getValue().shape();
            ConvLayer conv = convolutions.get(e.getKey());
            if (shape.length == 2 && shape[0] > 1 && shape[1] > 1) {
                forward += 2.0 * shape[0] * shape[1];
                dense.add(e.getKey());
            } else if (conv != null) {
                double positions = conv.transposed() ? (double) conv.inHeight() * conv.inWidth()
                        : (double) conv.outHeight() * conv.outWidth();
                forward += 2.0 * positions * conv.kernel() * conv.kernel() * conv.inChannels() * conv.outChannels();
                dense.add(e.getKey());
            } else if (shape.length > 2) {
                other.add(e.getKey());
            }
        }
        return new FlopCount(forward, 3 * forward, List.copyOf(dense), List.copyOf(other));
    }
}
