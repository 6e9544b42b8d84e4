package org.vaelab.engine.compiled;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.engine.compiled.ElementwiseKernels.Binary;
import org.vaelab.engine.compiled.ElementwiseKernels.Layout;

/**
 * Gradients of the binary ops ({@code add_bp}, {@code subtract_bp}, {@code multiply_bp},
 * {@code divide_bp}) for a full left operand and a full, row-broadcast or scalar right operand:
 * {@code dx = g * d(x OP y)/dx}, and {@code dy} the same summed over the rows (or all values) that the
 * right operand was broadcast to. Sums run in a fixed order, so results are the same on every run.
 */
final class GradientKernels {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = FLOATS.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private GradientKernels() {}

    /** @return the kernel, or null when the shapes are not covered */
    static Kernel binaryGradient(INDArray a, INDArray b, INDArray grad, INDArray da, INDArray db, Binary op) {
        if (a.length() == 1 && b.length() == 1 && grad.length() == 1 && da.length() == 1 && db.length() == 1) {
            return scalarGradient(a, b, grad, da, db, op);          // two terms of a loss added, say
        }
        long[] rc = ElementwiseKernels.matrixShape(grad);
        if (rc == null || a.length() != grad.length() || da.length() != a.length() || db.length() != b.length()) {
            return null;
        }
        int rows = (int) rc[0];
        int cols = (int) rc[1];
        Layout lb = Layout.of(b, rows, cols);
        if (lb == null || lb == Layout.COLUMN || Layout.of(a, rows, cols) != Layout.FULL) {
            return null;
        }
        ByteBuffer x = NativeView.bytes(a);
        ByteBuffer y = NativeView.bytes(b);
        ByteBuffer g = NativeView.bytes(grad);
        ByteBuffer dx = NativeView.bytes(da);
        ByteBuffer dy = NativeView.bytes(db);
        int colGrain = Math.max(LANES, 256);
        return (member, members) -> {
            // dx, and dy where y is full: element by element over this member's columns, all rows
            int[] c = Kernel.share(cols, colGrain, member, members);
            for (int r = 0; r < rows && c[0] < c[1]; r++) {
                int at = r * cols;
                int yAt = lb == Layout.FULL ? at : 0;
                int i = c[0];
                for (; i + LANES <= c[1]; i += LANES) {
                    FloatVector gv = FloatVector.fromByteBuffer(FLOATS, g, 4 * (at + i), NATIVE);
                    FloatVector yv = lb == Layout.SCALAR ? FloatVector.broadcast(FLOATS, y.getFloat(0))
                            : FloatVector.fromByteBuffer(FLOATS, y, 4 * (yAt + i), NATIVE);
                    FloatVector xv = FloatVector.fromByteBuffer(FLOATS, x, 4 * (at + i), NATIVE);
                    gradX(op, gv, yv).intoByteBuffer(dx, 4 * (at + i), NATIVE);
                    FloatVector gy = gradY(op, gv, xv, yv);
                    if (lb == Layout.FULL) {
                        gy.intoByteBuffer(dy, 4 * (at + i), NATIVE);
                    } else if (lb == Layout.ROW) {
                        (r == 0 ? gy : gy.add(FloatVector.fromByteBuffer(FLOATS, dy, 4 * i, NATIVE)))
                                .intoByteBuffer(dy, 4 * i, NATIVE);
                    }
                }
                for (; i < c[1]; i++) {
                    float gs = g.getFloat(4 * (at + i));
                    float ys = lb == Layout.SCALAR ? y.getFloat(0) : y.getFloat(4 * (yAt + i));
                    float xs = x.getFloat(4 * (at + i));
                    dx.putFloat(4 * (at + i), gradX(op, gs, ys));
                    float gy = gradY(op, gs, xs, ys);
                    if (lb == Layout.FULL) {
                        dy.putFloat(4 * (at + i), gy);
                    } else if (lb == Layout.ROW) {
                        dy.putFloat(4 * i, r == 0 ? gy : dy.getFloat(4 * i) + gy);
                    }
                }
            }
            if (lb == Layout.SCALAR && member == 0) {
                // one sum over all values, in index order, by one member (scalar operands are rare and small)
                float ys = y.getFloat(0);
                float sum = 0f;
                for (int i = 0; i < rows * cols; i++) {
                    sum += gradY(op, g.getFloat(4 * i), x.getFloat(4 * i), ys);
                }
                dy.putFloat(0, sum);
            }
        };
    }

    private static Kernel scalarGradient(INDArray a, INDArray b, INDArray grad, INDArray da, INDArray db, Binary op) {
        ByteBuffer x = NativeView.bytes(a);
        ByteBuffer y = NativeView.bytes(b);
        ByteBuffer g = NativeView.bytes(grad);
        ByteBuffer dx = NativeView.bytes(da);
        ByteBuffer dy = NativeView.bytes(db);
        return (member, members) -> {
            if (member == 0) {
                float gv = g.getFloat(0);
                float xv = x.getFloat(0);
                float yv = y.getFloat(0);
                dx.putFloat(0, gradX(op, gv, yv));
                dy.putFloat(0, gradY(op, gv, xv, yv));
            }
        };
    }

    static FloatVector gradX(Binary op, FloatVector g, FloatVector y) {
        return switch (op) {
            case ADD, SUBTRACT -> g;
            case MULTIPLY -> g.mul(y);
            case DIVIDE -> g.div(y);
        };
    }

    static FloatVector gradY(Binary op, FloatVector g, FloatVector x, FloatVector y) {
        return switch (op) {
            case ADD -> g;
            case SUBTRACT -> g.neg();
            case MULTIPLY -> g.mul(x);
            case DIVIDE -> g.mul(x).div(y.mul(y)).neg();
        };
    }

    static float gradX(Binary op, float g, float y) {
        return switch (op) {
            case ADD, SUBTRACT -> g;
            case MULTIPLY -> g * y;
            case DIVIDE -> g / y;
        };
    }

    static float gradY(Binary op, float g, float x, float y) {
        return switch (op) {
            case ADD -> g;
            case SUBTRACT -> -g;
            case MULTIPLY -> g * x;
            case DIVIDE -> -(g * x / (y * y));
        };
    }
}
