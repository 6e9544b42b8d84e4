package org.vaelab.engine.compiled;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Arrays whose first value sits on a 64-byte boundary. Where an operand starts decides which code path
 * a BLAS takes for its edges, and an allocator's alignment varies from run to run, so aligning every
 * array the engine allocates keeps runs bit-identical as well as fast.
 */
final class AlignedArrays {

    private static final int ALIGNMENT_BYTES = 64;

    private AlignedArrays() {}

    /** @return a zeroed, row-major array of the shape and type, 64-byte aligned when it holds floats or wider values */
    static INDArray create(LongShapeDescriptor shape) {
        int width = Nd4j.sizeOfDataType(shape.dataType());
        long length = org.nd4j.common.util.ArrayUtil.prodLong(shape.getShape());
        if (shape.isEmpty() || length == 0 || width < 4 || ALIGNMENT_BYTES % width != 0) {
            return Nd4j.create(shape, true);
        }
        long slack = ALIGNMENT_BYTES / width;
        INDArray block = Nd4j.create(shape.dataType(), length + slack);
        long address = block.data().addressPointer().address();
        long skip = ((-address) & (ALIGNMENT_BYTES - 1)) / width;
        INDArray flat = block.get(NDArrayIndex.interval(skip, skip + length));
        return shape.getShape().length == 0 ? flat.reshape() : flat.reshape('c', shape.getShape());
    }
}
