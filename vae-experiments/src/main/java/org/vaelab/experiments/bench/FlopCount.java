package org.vaelab.experiments.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Floating-point operations per image counted from a graph's parameter shapes: every rank-2 parameter
 * {@code [in, out]} is a dense layer's weight, one matrix product of {@code 2 * in * out} FLOPs per image
 * forward. Training counts three products per weight (forward, gradient of the input, gradient of the
 * weight), the usual convention; element-wise ops, biases and the optimiser are not counted. Weights of
 * other ranks (convolutions, whose cost depends on the feature-map size) are listed as uncounted.
 *
 * @param forwardPerImage forward FLOPs per image (evaluation)
 * @param trainPerImage training FLOPs per image (3x forward)
 * @param denseWeights the parameters counted
 * @param uncounted weight-like parameters (rank above 2) that were not counted
 */
public record FlopCount(double forwardPerImage, double trainPerImage, List<String> denseWeights, List<String> uncounted) {

    /**
     * @param parameters the trainable parameters by name
     * @return the count
     */
    public static FlopCount of(Map<String, INDArray> parameters) {
        double forward = 0;
        List<String> dense = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
            long[] shape = e.getValue().shape();
            if (shape.length == 2 && shape[0] > 1 && shape[1] > 1) {
                forward += 2.0 * shape[0] * shape[1];
                dense.add(e.getKey());
            } else if (shape.length > 2) {
                other.add(e.getKey());
            }
        }
        return new FlopCount(forward, 3 * forward, List.copyOf(dense), List.copyOf(other));
    }
}
