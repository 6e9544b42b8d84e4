package org.vaelab.engine.compiled;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The native memory of a dense, row-major float array, as a pointer for the BLAS and as bytes for the
 * vector kernels. The array must stay reachable while a view is used (the compiled program holds it).
 */
final class NativeView extends FloatPointer {

    private NativeView(long address, long length) {
        this.address = address;
        this.position = 0;
        this.limit = length;
        this.capacity = length;
    }

    /** @return whether kernels can work on the array's memory directly (float, row-major, no gaps) */
    static boolean usable(INDArray a) {
        return a != null && a.dataType() == DataType.FLOAT && !a.isEmpty() && a.length() < Integer.MAX_VALUE / 4
                && a.ordering() == 'c' && (a.length() == 1 || a.elementWiseStride() == 1);
    }

    /** @return whether every array is {@link #usable} */
    static boolean allUsable(INDArray[] arrays) {
        for (INDArray a : arrays) {
            if (!usable(a)) {
                return false;
            }
        }
        return true;
    }

    /** @return a pointer to the array's first value */
    static FloatPointer pointer(INDArray a) {
        return new NativeView(address(a), a.length());
    }

    /** @return the array's values as native-order bytes, indexed from its first value */
    static ByteBuffer bytes(INDArray a) {
        return new NativeView(address(a), a.length()).asByteBuffer().order(ByteOrder.nativeOrder());
    }

    /** @return the native address of the array's first value, of any data type */
    static long address(INDArray a) {
        // the buffer's address already includes the buffer's own offset, which a view's offset() counts too
        return a.data().addressPointer().address() + (a.offset() - a.data().offset()) * a.dataType().width();
    }
}
