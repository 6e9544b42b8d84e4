package org.vaelab.engine.compiled;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sums and means of a matrix over its rows or its columns, and their gradients (the gradient at the
 * output, broadcast back), over rows or columns of a matrix. Each value is summed in a fixed order.
 */
final class ReductionKernels {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = FLOATS.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private ReductionKernels() {}

    /** Which axis a reduction removed. */
    enum Axis {
        /** one value per row: the sum along each row */
        ALONG_ROWS,
        /** one value per column: the sum down each column */
        DOWN_COLUMNS;

        /**
         * @param dimensions the op's reduced dimensions, or null where it does not say
         * @return the axis, or null where it is not one of the two (or cannot be told)
         */
        static Axis of(long rows, long cols, long reducedLength, long[] dimensions) {
            if (rows < 2 || cols < 2) {
                return null;
            }
            if (dimensions != null && dimensions.length == 1) {
                long d = dimensions[0] < 0 ? dimensions[0] + 2 : dimensions[0];
                Axis a = d == 1 ? ALONG_ROWS : d == 0 ? DOWN_COLUMNS : null;
                return a != null && reducedLength == (a == ALONG_ROWS ? rows : cols) ? a : null;
            }
            if (rows == cols) {
                return null;
            }
            return reducedLength == rows ? ALONG_ROWS : reducedLength == cols ? DOWN_COLUMNS : null;
        }
    }

    /**
     * @param dimensions the reduced dimensions the op names, or null
     * @return {@code out = sum (or mean) of in} along the axis, or null when not covered
     */
    static Kernel reduce(INDArray in, INDArray out, boolean mean, long[] dimensions) {
        if (in.rank() != 2) {
            return null;
        }
        int rows = (int) in.size(0);
        int cols = (int) in.size(1);
        Axis axis = Axis.of(rows, cols, out.length(), dimensions);
        if (axis == null) {
            return null;
        }
        ByteBuffer x = NativeView.bytes(in);
        ByteBuffer z = NativeView.bytes(out);
        if (axis == Axis.ALONG_ROWS) {
            float scale = mean ? 1f / cols : 1f;
            int rowGrain = Math.max(1, ElementwiseKernels.GRAIN / cols);
            return (member, members) -> {
                int[] r = Kernel.share(rows, rowGrain, member, members);
                float[] tmp = new float[LANES];
                int off = 0;
                for (int row = r[0]; row < r[1]; row++) {
                    int at = row * cols;
                    FloatVector acc = FloatVector.zero(FLOATS);
                    int i = 0;
                    for (; i + LANES <= cols; i += LANES) {
                        acc = acc.add(FloatVector.fromByteBuffer(FLOATS, x, 4 * (at + i), NATIVE));
                    }
                    acc.intoArray(tmp, off);
                    float s = 0f;
                    for (int l = 0; l < LANES; l++) {
                        s += tmp[off + l];
                    }
                    for (; i < cols; i++) {
                        s += x.getFloat(4 * (at + i));
                    }
                    z.putFloat(4 * row, mean ? s * scale : s);
                }
            };
        }
        float scale = mean ? 1f / rows : 1f;
        int colGrain = Math.max(LANES, 256);
        return (member, members) -> {
            int[] c = Kernel.share(cols, colGrain, member, members);
            for (int r = 0; r < rows; r++) {
                int at = r * cols;
                int i = c[0];
                for (; i + LANES <= c[1]; i += LANES) {
                    FloatVector v = FloatVector.fromByteBuffer(FLOATS, x, 4 * (at + i), NATIVE);
                    (r == 0 ? v : v.add(FloatVector.fromByteBuffer(FLOATS, z, 4 * i, NATIVE))).intoByteBuffer(z, 4 * i, NATIVE);
                }
                for (; i < c[1]; i++) {
                    float v = x.getFloat(4 * (at + i));
                    z.putFloat(4 * i, r == 0 ? v : z.getFloat(4 * i) + v);
                }
            }
            if (mean) {
                for (int i = c[0]; i < c[1]; i++) {
                    z.putFloat(4 * i, z.getFloat(4 * i) * scale);
                }
            }
        };
    }

    /**
     * @param dimensions the reduced dimensions the op names, or null
     * @return {@code out = gradient at the reduction's output, broadcast back (divided by the count for a mean)}
     */
    static Kernel broadcastBack(INDArray in, INDArray grad, INDArray out, boolean mean, long[] dimensions) {
        if (in.rank() != 2 || out.length() != in.length()) {
            return null;
        }
        int rows = (int) in.size(0);
        int cols = (int) in.size(1);
        Axis axis = Axis.of(rows, cols, grad.length(), dimensions);
        if (axis == null) {
            return null;
        }
        ByteBuffer g = NativeView.bytes(grad);
        ByteBuffer z = NativeView.bytes(out);
        float scale = mean ? 1f / (axis == Axis.ALONG_ROWS ? cols : rows) : 1f;
        int rowGrain = Math.max(1, ElementwiseKernels.GRAIN / cols);
        return (member, members) -> {
            int[] r = Kernel.share(rows, rowGrain, member, members);
            for (int row = r[0]; row < r[1]; row++) {
                int at = row * cols;
                if (axis == Axis.ALONG_ROWS) {
                    float v = mean ? g.getFloat(4 * row) * scale : g.getFloat(4 * row);
                    FloatVector vv = FloatVector.broadcast(FLOATS, v);
                    int i = 0;
                    for (; i + LANES <= cols; i += LANES) {
                        vv.intoByteBuffer(z, 4 * (at + i), NATIVE);
                    }
                    for (; i < cols; i++) {
                        z.putFloat(4 * (at + i), v);
                    }
                } else {
                    int i = 0;
                    for (; i + LANES <= cols; i += LANES) {
                        FloatVector v = FloatVector.fromByteBuffer(FLOATS, g, 4 * i, NATIVE);
                        (mean ? v.mul(scale) : v).intoByteBuffer(z, 4 * (at + i), NATIVE);
                    }
                    for (; i < cols; i++) {
                        float v = g.getFloat(4 * i);
                        z.putFloat(4 * (at + i), mean ? v * scale : v);
                    }
                }
            }
        };
    }
}
