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
            // a batch of one row is still a matrix when the op names its dimension (ND4J's own kernel fails on
            // [1, n] summed over dimension 0 in M2.1, so an epoch whose last batch had one image stopped)
            if (rows < 1 || cols < 1 || (rows < 2 || cols < 2) && (dimensions == null || dimensions.length != 1)) {
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
     * An array of any rank seen as a matrix for a reduction: the reduced dimensions are its last ones (one value per
     * row, along the rows) or its first ones (one value per column, down the columns), as a mixture's
     * {@code [n, K, d]} summed over d is {@code [n*K, d]} along its rows.
     *
     * @param rows the matrix's rows
     * @param cols its columns
     * @param axis which way it is reduced
     */
    record Matrix(int rows, int cols, Axis axis) {

        /** @return the matrix, or null when the reduced dimensions are neither the first nor the last ones */
        static Matrix of(long[] shape, long[] dimensions, long reducedLength) {
            if (shape.length == 2) {
                Axis a = Axis.of(shape[0], shape[1], reducedLength, dimensions);
                return a == null ? null : new Matrix((int) shape[0], (int) shape[1], a);
            }
            if (shape.length < 3 || dimensions == null || dimensions.length == 0) {
                return null;
            }
            long[] dims = java.util.Arrays.stream(dimensions).map(d -> d < 0 ? d + shape.length : d).sorted().toArray();
            for (int i = 1; i < dims.length; i++) {
                if (dims[i] != dims[i - 1] + 1) {
                    return null;
                }
            }
            boolean suffix = dims[dims.length - 1] == shape.length - 1;
            boolean prefix = dims[0] == 0;
            if (suffix == prefix) {
                return null;                               // in the middle, or every dimension
            }
            long kept = 1;
            long reduced = 1;
            for (int d = 0; d < shape.length; d++) {
                if (d >= dims[0] && d <= dims[dims.length - 1]) {
                    reduced *= shape[d];
                } else {
                    kept *= shape[d];
                }
            }
            if (kept != reducedLength || kept < 2 || reduced < 2 || kept * reduced > Integer.MAX_VALUE) {
                return null;
            }
            return suffix ? new Matrix((int) kept, (int) reduced, Axis.ALONG_ROWS)
                    : new Matrix((int) reduced, (int) kept, Axis.DOWN_COLUMNS);
        }
    }

    /**
     * @param dimensions the reduced dimensions the op names, or null
     * @return {@code out = sum (or mean) of in} along the axis, or null when not covered
     */
    static Kernel reduce(INDArray in, INDArray out, boolean mean, long[] dimensions) {
        if (out.length() == 1) {
            return whole(in, out, mean);
        }
        Matrix matrix = Matrix.of(in.shape(), dimensions, out.length());
        if (matrix == null) {
            return null;
        }
        int rows = matrix.rows();
        int cols = matrix.cols();
        Axis axis = matrix.axis();
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
            // the first row copied, then each next one added in a loop of its own: no vector chosen by a condition
            // in the loop (timed alone, 2 threads: [512, 784] 240 -> 162 us, [128, 512] 51 -> 26; same bits)
            for (int i = c[0]; i < c[1]; i++) {
                z.putFloat(4 * i, x.getFloat(4 * i));
            }
            for (int r = 1; r < rows; r++) {
                addRow(x, r * cols, z, c[0], c[1]);
            }
            if (mean) {
                for (int i = c[0]; i < c[1]; i++) {
                    z.putFloat(4 * i, z.getFloat(4 * i) * scale);
                }
            }
        };
    }

    /** {@code z[i] += x[at + i]} for {@code i} in {@code [from, to)}. */
    private static void addRow(ByteBuffer x, int at, ByteBuffer z, int from, int to) {
        int i = from;
        for (; i + LANES <= to; i += LANES) {
            FloatVector.fromByteBuffer(FLOATS, x, 4 * (at + i), NATIVE)
                    .add(FloatVector.fromByteBuffer(FLOATS, z, 4 * i, NATIVE)).intoByteBuffer(z, 4 * i, NATIVE);
        }
        for (; i < to; i++) {
            z.putFloat(4 * i, z.getFloat(4 * i) + x.getFloat(4 * (at + i)));
        }
    }

    /**
     * The sum or mean of every value (a loss's mean over the batch): one member adds them in order, in double
     * precision; the values are few (one per example), and ND4J's op took 50 microseconds to do it.
     */
    private static Kernel whole(INDArray in, INDArray out, boolean mean) {
        ByteBuffer x = NativeView.bytes(in);
        ByteBuffer z = NativeView.bytes(out);
        int n = (int) in.length();
        return (member, members) -> {
            if (member != 0) {
                return;
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += x.getFloat(4 * i);
            }
            z.putFloat(0, (float) (mean ? sum / n : sum));
        };
    }

    /** The gradient of {@link #whole}: every value gets the output's gradient (divided by the count for a mean). */
    private static Kernel wholeBack(INDArray grad, INDArray out, boolean mean) {
        ByteBuffer g = NativeView.bytes(grad);
        ByteBuffer z = NativeView.bytes(out);
        int n = (int) out.length();
        return (member, members) -> {
            float v = mean ? g.getFloat(0) / n : g.getFloat(0);
            FloatVector vv = FloatVector.broadcast(FLOATS, v);
            int[] r = Kernel.share(n, ElementwiseKernels.GRAIN, member, members);
            int i = r[0];
            for (; i + LANES <= r[1]; i += LANES) {
                vv.intoByteBuffer(z, 4 * i, NATIVE);
            }
            for (; i < r[1]; i++) {
                z.putFloat(4 * i, v);
            }
        };
    }

    /**
     * @param dimensions the reduced dimensions the op names, or null
     * @return {@code out = gradient at the reduction's output, broadcast back (divided by the count for a mean)}
     */
    static Kernel broadcastBack(INDArray in, INDArray grad, INDArray out, boolean mean, long[] dimensions) {
        if (grad.length() == 1 && out.length() == in.length()) {
            return wholeBack(grad, out, mean);
        }
        Matrix matrix = out.length() == in.length() ? Matrix.of(in.shape(), dimensions, grad.length()) : null;
        if (matrix == null) {
            return null;
        }
        int rows = matrix.rows();
        int cols = matrix.cols();
        Axis axis = matrix.axis();
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

    /**
     * The largest value along an axis (the shift inside a log-sum-exp).
     *
     * @param dimensions the reduced dimensions the op names, or null
     * @return the kernel, or null when not covered
     */
    static Kernel maximum(INDArray in, INDArray out, long[] dimensions) {
        Matrix matrix = Matrix.of(in.shape(), dimensions, out.length());
        if (matrix == null) {
            return null;
        }
        ByteBuffer x = NativeView.bytes(in);
        ByteBuffer z = NativeView.bytes(out);
        boolean alongRows = matrix.axis() == Axis.ALONG_ROWS;
        return perKept(matrix, k -> z.putFloat(4 * k, max(x, k, matrix.rows(), matrix.cols(), alongRows)));
    }

    /**
     * The gradient of {@link #maximum}: the output's gradient goes to the values equal to their maximum, 0 elsewhere.
     *
     * @return the kernel, or null when not covered
     */
    static Kernel maximumBack(INDArray in, INDArray grad, INDArray out, long[] dimensions) {
        Matrix matrix = out.length() == in.length() ? Matrix.of(in.shape(), dimensions, grad.length()) : null;
        if (matrix == null) {
            return null;
        }
        ByteBuffer x = NativeView.bytes(in);
        ByteBuffer g = NativeView.bytes(grad);
        ByteBuffer z = NativeView.bytes(out);
        int rows = matrix.rows();
        int cols = matrix.cols();
        boolean alongRows = matrix.axis() == Axis.ALONG_ROWS;
        return perKept(matrix, k -> {
            float m = max(x, k, rows, cols, alongRows);
            float gk = g.getFloat(4 * k);
            int n = alongRows ? cols : rows;
            for (int j = 0; j < n; j++) {
                int at = alongRows ? k * cols + j : j * cols + k;
                z.putFloat(4 * at, x.getFloat(4 * at) == m ? gk : 0f);
            }
        });
    }

    /** @return a kernel running {@code body} for each value a reduction keeps (a row or a column), split over members */
    private static Kernel perKept(Matrix matrix, java.util.function.IntConsumer body) {
        boolean alongRows = matrix.axis() == Axis.ALONG_ROWS;
        int kept = alongRows ? matrix.rows() : matrix.cols();
        int grain = Math.max(1, ElementwiseKernels.GRAIN / (alongRows ? matrix.cols() : matrix.rows()));
        return (member, members) -> {
            int[] r = Kernel.share(kept, grain, member, members);
            for (int k = r[0]; k < r[1]; k++) {
                body.accept(k);
            }
        };
    }

    /** @return the maximum of row {@code k} (along rows) or column {@code k} (down columns) */
    private static float max(ByteBuffer x, int k, int rows, int cols, boolean alongRows) {
        float m = Float.NEGATIVE_INFINITY;
        int n = alongRows ? cols : rows;
        for (int j = 0; j < n; j++) {
            m = Math.max(m, x.getFloat(4 * (alongRows ? k * cols + j : j * cols + k)));
        }
        return m;
    }
}
