package org.vaelab.api.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Java arrays into ND4J arrays with one bulk copy, for code that builds a batch value by value in Java (the
 * engine's batches and noise, a corruption's inputs and mask). {@code Nd4j.create(float[], ...)} copies value by
 * value: 0.8 ms for a batch of 128 Fashion-MNIST images, 1.5 ms for 512.
 */
public final class FloatArrays {

    private FloatArrays() {}

    /**
     * @param values row-major values, at least {@code rows * cols} of them (the first ones are copied)
     * @param rows rows
     * @param cols columns
     * @return a new {@code [rows, cols]} float matrix holding them
     */
    public static INDArray matrix(float[] values, long rows, long cols) {
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, rows, cols);
        a.data().asNioFloat().put(values, 0, Math.toIntExact(rows * cols));
        return a;
    }
}
