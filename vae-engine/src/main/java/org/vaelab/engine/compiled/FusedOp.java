package org.vaelab.engine.compiled;

import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tensorflow.framework.AttrValue;
import org.tensorflow.framework.GraphDef;
import org.tensorflow.framework.NodeDef;

/**
 * Several ops of a compiled program replaced by one engine kernel (see {@link Fusions}): it lives only in
 * the program's op list, never in a SameDiff graph, so SameDiff's own methods are unsupported.
 */
abstract class FusedOp extends DifferentialFunction {

    private final String name;

    FusedOp(String name) {
        this.name = name;
    }

    /**
     * @param in the input arrays, in the order of the fused op's inputs
     * @param out the output arrays (allocated, each of {@link #outputShape})
     * @param read for each output, whether anything reads it
     * @return the kernel
     */
    abstract Kernel bind(INDArray[] in, INDArray[] out, boolean[] read);

    /**
     * @param in the input arrays
     * @return the shape of every output: the first input's, unless the fused op says otherwise
     */
    long[] outputShape(INDArray[] in) {
        return in[0].shape();
    }

    @Override
    public String opName() {
        return name;
    }

    @Override
    public String getOwnName() {
        return name;
    }

    @Override
    public SDVariable[] outputVariables(String baseName) {
        throw new UnsupportedOperationException(name + " is part of a compiled program, not of a graph");
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> grad) {
        throw new UnsupportedOperationException(name + " is part of a compiled program, not of a graph");
    }

    @Override
    public void initFromTensorFlow(NodeDef nodeDef, SameDiff initWith, Map<String, AttrValue> attributesForNode,
            GraphDef graph) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void initFromOnnx(Onnx.NodeProto node, SameDiff initWith, Map<String, Onnx.AttributeProto> attributesForNode,
            Onnx.GraphProto graph) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String onnxName() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String tensorflowName() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void clearArrays() {}
}
