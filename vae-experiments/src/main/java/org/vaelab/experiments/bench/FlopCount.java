package org.vaelab.experiments.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.engine.batch.Evaluator;
import org.vaelab.engine.graph.VaeGraph;

/**
 * Floating-point operations per image counted from a graph: every rank-2 parameter {@code [in, out]} is a dense
 * layer's weight, one matrix product of {@code 2 * in * out} FLOPs per image forward; every convolution in the graph
 * ({@code conv2d}, {@code deconv2d}) is {@code 2 * positions * (its weight's values)}, positions being the output
 * positions of a convolution and the input positions of a transposed one, read from the graph run on one image.
 * Training counts three products per weight (forward, gradient of the input, gradient of the weight), the usual
 * convention; element-wise ops, biases and the optimiser are not counted.
 *
 * @param forwardPerImage forward FLOPs per image (evaluation)
 * @param trainPerImage training FLOPs per image (3x forward)
 * @param countedWeights the parameters counted (dense and convolution weights)
 * @param uncounted weight-like parameters (rank above 2) that were not counted
 */
public record FlopCount(double forwardPerImage, double trainPerImage, List<String> countedWeights, List<String> uncounted) {

    /**
     * @param parameters the trainable parameters by name
     * @return the count, without convolutions
     */
    public static FlopCount of(Map<String, INDArray> parameters) {
        return of(parameters, Map.of());
    }

    /**
     * @param parameters the trainable parameters by name
     * @param convolutions forward FLOPs per image of each convolution, by its weight's name ({@link #convolutions})
     * @return the count
     */
    public static FlopCount of(Map<String, INDArray> parameters, Map<String, Double> convolutions) {
        double forward = 0;
        List<String> counted = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
            long[] shape = e.getValue().shape();
            Double conv = convolutions.get(e.getKey());
            if (shape.length == 2 && shape[0] > 1 && shape[1] > 1) {
                forward += 2.0 * shape[0] * shape[1];
                counted.add(e.getKey());
            } else if (conv != null) {
                forward += conv;
                counted.add(e.getKey());
            } else if (shape.length > 2) {
                other.add(e.getKey());
            }
        }
        return new FlopCount(forward, 3 * forward, List.copyOf(counted), List.copyOf(other));
    }

    /**
     * The forward FLOPs per image of every convolution in the graph whose weight is a parameter: the graph's
     * forward ops run once on one all-zero image (SameDiff's session, so any model can be counted), which gives each
     * convolution's feature-map sizes.
     *
     * @param graph the model
     * @return FLOPs per image by weight name; empty for a model without convolutions
     */
    public static Map<String, Double> convolutions(VaeGraph graph) {
        SameDiff sd = graph.sd();
        List<SameDiffOp> ops = new ArrayList<>();
        List<String> needed = new ArrayList<>();
        for (SameDiffOp op : sd.getOps().values()) {
            String type = op.getOp().opName();
            List<String> in = op.getInputsToOp();
            if ((type.equals("conv2d") || type.equals("deconv2d")) && in != null && in.size() >= 2
                    && graph.parameters().containsKey(in.get(1))) {
                ops.add(op);
                // a convolution's positions are its output's, a transposed one's its input's
                needed.add(type.equals("conv2d") ? op.getOutputsOfOp().get(0) : in.get(0));
            }
        }
        Map<String, Double> flops = new LinkedHashMap<>();
        if (ops.isEmpty()) {
            return flops;
        }
        var dataType = graph.context().dataType();
        Map<String, INDArray> values = sd.output(Evaluator.feeds(graph, Nd4j.zeros(dataType, 1, graph.context().inputDim()),
                Nd4j.zeros(dataType, 1, graph.context().latentDim())), needed.toArray(String[]::new));
        for (int i = 0; i < ops.size(); i++) {
            SameDiffOp op = ops.get(i);
            INDArray map = values.get(needed.get(i));
            long[] iArgs = ((DynamicCustomOp) op.getOp()).iArgs();
            boolean channelsLast = iArgs.length > 9 && iArgs[9] != 0;
            long channels = map.size(channelsLast ? 3 : 1);
            double positions = (double) map.length() / map.size(0) / channels;
            INDArray weight = graph.parameters().get(op.getInputsToOp().get(1));
            flops.merge(op.getInputsToOp().get(1), 2.0 * positions * weight.length(), Double::sum);
        }
        return flops;
    }
}
