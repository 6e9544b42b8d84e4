package org.vaelab.engine.compiled;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.engine.compiled.ElementwiseKernels.Binary;

/**
 * Binary ops and their gradients on operands of any rank that broadcast to the output NumPy's way (ranks aligned
 * from the right, each dimension the output's or 1), such as a mixture or VampPrior's {@code [n, 1, d]} codes
 * against its {@code [1, K, d]} components. The rank-2 kernels ({@link ElementwiseKernels}, {@link GradientKernels})
 * cover the common layouts; ND4J ran these on one thread (the VampPrior's {@code multiply_bp}: 6 ms a step).
 *
 * <p>The output is seen as rows of its last dimension. Each operand's row for an output row is worked out once,
 * when the kernel is bound. A gradient sums, for each row of its operand, the output rows that read it, in
 * increasing order, so the sums are the same on every run and thread count.
 */
final class BroadcastKernels {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = FLOATS.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private BroadcastKernels() {}

    /**
     * How an operand is read along the output's rows: where each output row's values start in it, whether its last
     * dimension runs along the output's, and how many rows of its own it has.
     */
    private record Reading(int[] rowOf, boolean perValue, int rowLength, int rows) {

        /**
         * @return the reading of an operand of shape {@code s} (its rank at most the output's, aligned from the right),
         *     or null when it does not broadcast to the output
         */
        static Reading of(long[] s, long[] out) {
            int rank = out.length;
            if (s.length > rank || rank == 0) {
                return null;
            }
            long[] shape = aligned(s, rank);
            for (int d = 0; d < rank; d++) {
                if (shape[d] != out[d] && shape[d] != 1) {
                    return null;
                }
            }
            // broadcasting is tiling with one copy per dimension of size 1: index % 1 reads the one value
            int[] rowOf = TileKernels.sourceRows(shape, out);
            boolean perValue = shape[rank - 1] == out[rank - 1] && out[rank - 1] > 1;
            int rowLength = perValue ? (int) out[rank - 1] : 1;
            long length = java.util.Arrays.stream(shape).reduce(1, (x, y) -> x * y);
            return new Reading(rowOf, perValue, rowLength, (int) (length / rowLength));
        }
    }

    /**
     * The shapes with neighbouring dimensions merged where both operands read them the same way (both whole, or
     * both broadcast), so that a row is as long as it can be: a conv bias {@code [1, C, 1, 1]} on {@code [n, C, H, W]}
     * maps becomes {@code [1, C, 1]} on {@code [n, C, H*W]}, rows of H*W values instead of W.
     *
     * @return {out, a, b} with equal ranks (at least 2), or null when the shapes do not broadcast
     */
    static long[][] coalesce(long[] a, long[] b, long[] out) {
        int rank = out.length;
        if (a.length > rank || b.length > rank || rank == 0) {
            return null;
        }
        long[] pa = aligned(a, rank);
        long[] pb = aligned(b, rank);
        java.util.List<long[]> dims = new ArrayList<>();             // {out, a, b} per merged dimension
        for (int d = 0; d < rank; d++) {
            if (pa[d] != out[d] && pa[d] != 1 || pb[d] != out[d] && pb[d] != 1) {
                return null;
            }
            long[] last = dims.isEmpty() ? null : dims.get(dims.size() - 1);
            boolean same = last != null && (last[1] == last[0]) == (pa[d] == out[d]) && (last[2] == last[0]) == (pb[d] == out[d])
                    && last[0] > 1 && out[d] > 1;
            if (same) {
                last[0] *= out[d];
                last[1] *= pa[d];
                last[2] *= pb[d];
            } else if (out[d] != 1 || dims.isEmpty()) {
                dims.add(new long[] {out[d], pa[d], pb[d]});
            }
        }
        while (dims.size() < 2) {
            dims.add(0, new long[] {1, 1, 1});
        }
        long[][] shapes = new long[3][dims.size()];
        for (int d = 0; d < dims.size(); d++) {
            for (int k = 0; k < 3; k++) {
                shapes[k][d] = dims.get(d)[k];
            }
        }
        return shapes;
    }

    private static long[] aligned(long[] s, int rank) {
        long[] shape = new long[rank];
        for (int d = 0; d < rank; d++) {
            int from = d - (rank - s.length);
            shape[d] = from < 0 ? 1 : s[from];
        }
        return shape;
    }

    /** How both operands are read along the output's rows (of {@code cols} values), after {@link #coalesce}. */
    private record Readings(Reading a, Reading b, int cols) {

        /** @return the readings, or null when the shapes do not broadcast to the output */
        static Readings of(INDArray a, INDArray b, INDArray out) {
            long[][] c = coalesce(a.shape(), b.shape(), out.shape());
            if (c == null) {
                return null;
            }
            Reading ra = Reading.of(c[1], c[0]);
            Reading rb = Reading.of(c[2], c[0]);
            return ra == null || rb == null ? null : new Readings(ra, rb, (int) c[0][c[0].length - 1]);
        }
    }

    /** @return {@code out = a OP b}, or null when the shapes do not broadcast (or need no broadcasting) */
    static Kernel binary(INDArray a, INDArray b, INDArray out, Binary op) {
        Readings readings = Readings.of(a, b, out);
        if (readings == null) {
            return null;
        }
        Reading ra = readings.a();
        Reading rb = readings.b();
        ByteBuffer x = NativeView.bytes(a);
        ByteBuffer y = NativeView.bytes(b);
        ByteBuffer z = NativeView.bytes(out);
        int cols = readings.cols();
        int rows = ra.rowOf().length;
        int rowGrain = Math.max(1, ElementwiseKernels.GRAIN / cols);
        return (member, members) -> {
            int[] r = Kernel.share(rows, rowGrain, member, members);
            for (int row = r[0]; row < r[1]; row++) {
                ElementwiseKernels.binaryRun(x, ra.rowOf()[row], ra.perValue(), y, rb.rowOf()[row], rb.perValue(), z,
                        row * cols, cols, op);
            }
        };
    }

    /**
     * @return two phases, {@code da} then {@code db}: {@code g * d(a OP b)/da} summed over the output rows and
     *     values that read each value of a, and the same for b; null when the shapes are not covered
     */
    static List<Kernel> gradient(INDArray a, INDArray b, INDArray grad, INDArray da, INDArray db, Binary op) {
        Readings readings = da.length() == a.length() && db.length() == b.length() ? Readings.of(a, b, grad) : null;
        if (readings == null) {
            return null;
        }
        ByteBuffer x = NativeView.bytes(a);
        ByteBuffer y = NativeView.bytes(b);
        ByteBuffer g = NativeView.bytes(grad);
        return List.of(sums(readings.a(), readings.b(), x, y, g, NativeView.bytes(da), readings.cols(), op, true),
                sums(readings.b(), readings.a(), x, y, g, NativeView.bytes(db), readings.cols(), op, false));
    }

    /** The gradient of one operand ({@code own}), the other read as {@code other}. */
    private static Kernel sums(Reading own, Reading other, ByteBuffer x, ByteBuffer y, ByteBuffer g, ByteBuffer out,
            int cols, Binary op, boolean ofX) {
        int[][] readers = TileKernels.readers(own.rowOf(), own.rowLength(), own.rows());
        int groups = readers.length;
        int width = own.rowLength();
        return (member, members) -> {
            int[] share = Kernel.share(groups, Math.max(1, ElementwiseKernels.GRAIN / (cols * 4)), member, members);
            float[] acc = new float[width];
            for (int k = share[0]; k < share[1]; k++) {
                int target = k * width;
                java.util.Arrays.fill(acc, 0f);
                for (int row : readers[k]) {
                    accumulate(acc, own, other, x, y, g, row, cols, op, ofX);
                }
                for (int i = 0; i < width; i++) {
                    out.putFloat(4 * (target + i), acc[i]);
                }
            }
        };
    }

    /** Adds one output row's contribution to an operand row's gradient. */
    private static void accumulate(float[] acc, Reading own, Reading other, ByteBuffer x, ByteBuffer y, ByteBuffer g,
            int row, int cols, Binary op, boolean ofX) {
        int gAt = row * cols;
        int xAt = (ofX ? own : other).rowOf()[row];
        int yAt = (ofX ? other : own).rowOf()[row];
        boolean xv = (ofX ? own : other).perValue();
        boolean yv = (ofX ? other : own).perValue();
        if (own.perValue()) {
            int i = 0;
            for (; i + LANES <= cols; i += LANES) {
                FloatVector gv = FloatVector.fromByteBuffer(FLOATS, g, 4 * (gAt + i), NATIVE);
                FloatVector yvv = yv ? FloatVector.fromByteBuffer(FLOATS, y, 4 * (yAt + i), NATIVE)
                        : FloatVector.broadcast(FLOATS, y.getFloat(4 * yAt));
                FloatVector d;
                if (ofX) {
                    d = GradientKernels.gradX(op, gv, yvv);
                } else {
                    FloatVector xvv = xv ? FloatVector.fromByteBuffer(FLOATS, x, 4 * (xAt + i), NATIVE)
                            : FloatVector.broadcast(FLOATS, x.getFloat(4 * xAt));
                    d = GradientKernels.gradY(op, gv, xvv, yvv);
                }
                FloatVector.fromArray(FLOATS, acc, i).add(d).intoArray(acc, i);
            }
            for (; i < cols; i++) {
                acc[i] += value(x, xAt, xv, y, yAt, yv, g.getFloat(4 * (gAt + i)), i, op, ofX);
            }
        } else {                                    // the operand is broadcast along the row: sum the row into one value
            float sum = 0f;
            for (int i = 0; i < cols; i++) {
                sum += value(x, xAt, xv, y, yAt, yv, g.getFloat(4 * (gAt + i)), i, op, ofX);
            }
            acc[0] += sum;
        }
    }

    private static float value(ByteBuffer x, int xAt, boolean xv, ByteBuffer y, int yAt, boolean yv, float gv, int i,
            Binary op, boolean ofX) {
        float yi = y.getFloat(4 * (yv ? yAt + i : yAt));
        if (ofX) {
            return GradientKernels.gradX(op, gv, yi);
        }
        return GradientKernels.gradY(op, gv, x.getFloat(4 * (xv ? xAt + i : xAt)), yi);
    }
}
