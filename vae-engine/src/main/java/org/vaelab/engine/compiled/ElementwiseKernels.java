package org.vaelab.engine.compiled;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element-wise kernels on the JDK vector API: unary maps, binary ops with row, column or scalar
 * broadcasting (rank 2 at most), and their gradients. Only exactly rounded operations (add, multiply,
 * compare, divide) are vectorised, so a value never depends on whether the JIT has compiled the loop yet;
 * exp, log1p, sigmoid and softplus are polynomials of such operations ({@link VectorMath}).
 */
final class ElementwiseKernels {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = FLOATS.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /** Values per block of work: members never share a cache line, and tiny arrays stay on one thread. */
    static final int GRAIN = 4096;

    private ElementwiseKernels() {}

    /** The arithmetic of a binary op. */
    enum Binary {
        ADD, SUBTRACT, MULTIPLY, DIVIDE;

        FloatVector apply(FloatVector a, FloatVector b) {
            return switch (this) {
                case ADD -> a.add(b);
                case SUBTRACT -> a.sub(b);
                case MULTIPLY -> a.mul(b);
                case DIVIDE -> a.div(b);
            };
        }

        float apply(float a, float b) {
            return switch (this) {
                case ADD -> a + b;
                case SUBTRACT -> a - b;
                case MULTIPLY -> a * b;
                case DIVIDE -> a / b;
            };
        }
    }

    /** A unary map that only needs exactly rounded arithmetic. */
    enum Unary {
        RELU, NEG, ABS, SIGN, SQUARE;

        FloatVector apply(FloatVector a) {
            return switch (this) {
                case RELU -> a.max(0f);
                case NEG -> a.neg();
                case ABS -> a.abs();
                case SIGN -> {
                    FloatVector pos = FloatVector.broadcast(FLOATS, 1f).blend(0f, a.compare(VectorOperators.GT, 0f).not());
                    yield pos.sub(FloatVector.broadcast(FLOATS, 1f).blend(0f, a.compare(VectorOperators.LT, 0f).not()));
                }
                case SQUARE -> a.mul(a);
            };
        }

        float apply(float a) {
            return switch (this) {
                case RELU -> Math.max(a, 0f);
                case NEG -> -a;
                case ABS -> Math.abs(a);
                case SIGN -> a > 0f ? 1f : a < 0f ? -1f : 0f;
                case SQUARE -> a * a;
            };
        }
    }

    /** {@code out = f(in)}, or {@code out = in OP scalar} / {@code scalar OP in} when {@code binary} is set. */
    static Kernel map(INDArray in, INDArray out, Unary f) {
        ByteBuffer x = NativeView.bytes(in);
        ByteBuffer z = NativeView.bytes(out);
        int n = (int) out.length();
        return (member, members) -> {
            int[] r = Kernel.share(n, GRAIN, member, members);
            int i = r[0];
            for (; i + LANES <= r[1]; i += LANES) {
                f.apply(FloatVector.fromByteBuffer(FLOATS, x, 4 * i, NATIVE)).intoByteBuffer(z, 4 * i, NATIVE);
            }
            for (; i < r[1]; i++) {
                z.putFloat(4 * i, f.apply(x.getFloat(4 * i)));
            }
        };
    }

    /**
     * A transcendental map. exp, log1p, sigmoid and softplus run on {@link VectorMath}'s polynomials; log and
     * tanh value by value through {@link Math}, which HotSpot computes with the same code interpreted or
     * compiled. Either way a value never depends on JIT timing.
     */
    enum Transcendental {
        EXP, LOG, LOG1P, SIGMOID, TANH, SOFTPLUS;

        float apply(float a) {
            return switch (this) {
                case LOG -> (float) Math.log(a);
                case TANH -> (float) Math.tanh(a);
                default -> throw new IllegalStateException(this + " runs on vectors");
            };
        }
    }

    /**
     * {@code out = f(in)} for a transcendental f. Each function gets a kernel of its own that calls its loop
     * alone: one kernel reaching all four loops through a switch let the JIT inline them all into one
     * method, run out of its node budget ({@code NodeCountInliningCutoff}) and call {@link VectorMath}
     * without inlining it, so every vector was boxed: exp then took 12 ns a value instead of 0.7, and a
     * training step 20% longer (measured after the first epoch, when that compilation replaced the fast one).
     */
    static Kernel map(INDArray in, INDArray out, Transcendental f) {
        ByteBuffer x = NativeView.bytes(in);
        ByteBuffer z = NativeView.bytes(out);
        int n = (int) out.length();
        return switch (f) {
            case EXP -> (member, members) -> {
                int[] r = Kernel.share(n, GRAIN, member, members);
                expLoop(x, z, r[0], r[1]);
            };
            case LOG1P -> (member, members) -> {
                int[] r = Kernel.share(n, GRAIN, member, members);
                log1pLoop(x, z, r[0], r[1]);
            };
            case SIGMOID -> (member, members) -> {
                int[] r = Kernel.share(n, GRAIN, member, members);
                sigmoidLoop(x, z, r[0], r[1]);
            };
            case SOFTPLUS -> (member, members) -> {
                int[] r = Kernel.share(n, GRAIN, member, members);
                softplusLoop(x, z, r[0], r[1]);
            };
            case LOG, TANH -> (member, members) -> {
                int[] r = Kernel.share(n, GRAIN, member, members);
                for (int i = r[0]; i < r[1]; i++) {
                    z.putFloat(4 * i, f.apply(x.getFloat(4 * i)));
                }
            };
        };
    }

    // the last partial vector goes through a mask, so every value goes through the same polynomial
    private static void expLoop(ByteBuffer x, ByteBuffer z, int from, int to) {
        int i = from;
        for (; i + LANES <= to; i += LANES) {
            VectorMath.exp(FloatVector.fromByteBuffer(FLOATS, x, 4 * i, NATIVE)).intoByteBuffer(z, 4 * i, NATIVE);
        }
        if (i < to) {
            VectorMask<Float> m = FLOATS.indexInRange(i, to);
            VectorMath.exp(FloatVector.fromByteBuffer(FLOATS, x, 4 * i, NATIVE, m)).intoByteBuffer(z, 4 * i, NATIVE, m);
        }
    }


    private static void log1pLoop(ByteBuffer x, ByteBuffer z, int from, int to) {
        int i = from;
        for (; i + LANES <= to; i += LANES) {
            VectorMath.log1p(FloatVector.fromByteBuffer(FLOATS, x, 4 * i, NATIVE)).intoByteBuffer(z, 4 * i, NATIVE);
        }
        if (i < to) {
            VectorMask<Float> m = FLOATS.indexInRange(i, to);
            VectorMath.log1p(FloatVector.fromByteBuffer(FLOATS, x, 4 * i, NATIVE, m)).intoByteBuffer(z, 4 * i, NATIVE, m);
        }
    }


    private static void sigmoidLoop(ByteBuffer x, ByteBuffer z, int from, int to) {
        int i = from;
        for (; i + LANES <= to; i += LANES) {
            VectorMath.sigmoid(FloatVector.fromByteBuffer(FLOATS, x, 4 * i, NATIVE)).intoByteBuffer(z, 4 * i, NATIVE);
        }
        if (i < to) {
            VectorMask<Float> m = FLOATS.indexInRange(i, to);
            VectorMath.sigmoid(FloatVector.fromByteBuffer(FLOATS, x, 4 * i, NATIVE, m)).intoByteBuffer(z, 4 * i, NATIVE, m);
        }
    }


    private static void softplusLoop(ByteBuffer x, ByteBuffer z, int from, int to) {
        int i = from;
        for (; i + LANES <= to; i += LANES) {
            VectorMath.softplus(FloatVector.fromByteBuffer(FLOATS, x, 4 * i, NATIVE)).intoByteBuffer(z, 4 * i, NATIVE);
        }
        if (i < to) {
            VectorMask<Float> m = FLOATS.indexInRange(i, to);
            VectorMath.softplus(FloatVector.fromByteBuffer(FLOATS, x, 4 * i, NATIVE, m)).intoByteBuffer(z, 4 * i, NATIVE, m);
        }
    }


    /** {@code out = in OP s} ({@code reversed}: {@code s OP in}) for a constant scalar s. */
    static Kernel scalar(INDArray in, INDArray out, Binary op, float s, boolean reversed) {
        ByteBuffer x = NativeView.bytes(in);
        ByteBuffer z = NativeView.bytes(out);
        int n = (int) out.length();
        FloatVector sv = FloatVector.broadcast(FLOATS, s);
        return (member, members) -> {
            int[] r = Kernel.share(n, GRAIN, member, members);
            int i = r[0];
            for (; i + LANES <= r[1]; i += LANES) {
                FloatVector v = FloatVector.fromByteBuffer(FLOATS, x, 4 * i, NATIVE);
                (reversed ? op.apply(sv, v) : op.apply(v, sv)).intoByteBuffer(z, 4 * i, NATIVE);
            }
            for (; i < r[1]; i++) {
                float v = x.getFloat(4 * i);
                z.putFloat(4 * i, reversed ? op.apply(s, v) : op.apply(v, s));
            }
        };
    }

    /**
     * How an operand of shape {@code [rows, cols]} output is read: the full matrix, one row broadcast
     * down ({@code [cols]} or {@code [1, cols]}), one column broadcast across ({@code [rows, 1]}), or a scalar.
     */
    enum Layout {
        FULL, ROW, COLUMN, SCALAR;

        /** @return the layout of {@code a} against an output of {@code rows x cols}, or null if it is none of them */
        static Layout of(INDArray a, long rows, long cols) {
            long[] s = a.shape();
            if (a.length() == 1) {
                return SCALAR;
            }
            if (a.length() == rows * cols && (s.length == 2 && s[0] == rows || rows == 1)) {
                return FULL;
            }
            if (a.length() == cols && (s.length == 1 || s.length == 2 && s[0] == 1) && rows > 1) {
                return ROW;
            }
            if (a.length() == rows && s.length == 2 && s[1] == 1 && cols > 1) {
                return COLUMN;
            }
            return null;
        }

        int rowStart(int r, int cols) {
            return switch (this) {
                case FULL -> r * cols;
                case ROW, SCALAR -> 0;
                case COLUMN -> r;
            };
        }

        boolean perValue() {
            return this == FULL || this == ROW;
        }
    }

    /** @return {rows, cols} of an output of rank 0 to 2, or null for higher ranks */
    static long[] matrixShape(INDArray out) {
        long[] s = out.shape();
        return switch (s.length) {
            case 0 -> new long[] {1, 1};
            case 1 -> new long[] {1, s[0]};
            case 2 -> s;
            default -> null;
        };
    }

    /** {@code out = a OP b} with broadcasting; null when the shapes are not covered. */
    static Kernel binary(INDArray a, INDArray b, INDArray out, Binary op) {
        long[] rc = matrixShape(out);
        if (rc == null) {
            return null;
        }
        Layout la = Layout.of(a, rc[0], rc[1]);
        Layout lb = Layout.of(b, rc[0], rc[1]);
        if (la == null || lb == null) {
            return null;
        }
        ByteBuffer x = NativeView.bytes(a);
        ByteBuffer y = NativeView.bytes(b);
        ByteBuffer z = NativeView.bytes(out);
        int rows = (int) rc[0];
        int cols = (int) rc[1];
        if (la == Layout.FULL && lb == Layout.FULL) {
            int n = rows * cols;
            return (member, members) -> {
                int[] r = Kernel.share(n, GRAIN, member, members);
                binaryRun(x, r[0], true, y, r[0], true, z, r[0], r[1] - r[0], op);
            };
        }
        int rowGrain = Math.max(1, GRAIN / cols);
        return (member, members) -> {
            int[] r = Kernel.share(rows, rowGrain, member, members);
            for (int row = r[0]; row < r[1]; row++) {
                binaryRun(x, la.rowStart(row, cols), la.perValue(), y, lb.rowStart(row, cols), lb.perValue(), z, row * cols,
                        cols, op);
            }
        };
    }

    /** {@code n} values: {@code z[zi..] = x[xi..] OP y[yi..]}, where an operand that is not per value repeats its one value. */
    static void binaryRun(ByteBuffer x, int xi, boolean xv, ByteBuffer y, int yi, boolean yv, ByteBuffer z, int zi,
            int n, Binary op) {
        float xs = xv ? 0f : x.getFloat(4 * xi);
        float ys = yv ? 0f : y.getFloat(4 * yi);
        FloatVector xb = FloatVector.broadcast(FLOATS, xs);
        FloatVector yb = FloatVector.broadcast(FLOATS, ys);
        int i = 0;
        for (; i + LANES <= n; i += LANES) {
            FloatVector a = xv ? FloatVector.fromByteBuffer(FLOATS, x, 4 * (xi + i), NATIVE) : xb;
            FloatVector b = yv ? FloatVector.fromByteBuffer(FLOATS, y, 4 * (yi + i), NATIVE) : yb;
            op.apply(a, b).intoByteBuffer(z, 4 * (zi + i), NATIVE);
        }
        for (; i < n; i++) {
            float a = xv ? x.getFloat(4 * (xi + i)) : xs;
            float b = yv ? y.getFloat(4 * (yi + i)) : ys;
            z.putFloat(4 * (zi + i), op.apply(a, b));
        }
    }

    /** ReLU's gradient: {@code out = x > cutoff ? g : 0}. */
    static Kernel reluGradient(INDArray in, INDArray grad, INDArray out, float cutoff) {
        ByteBuffer x = NativeView.bytes(in);
        ByteBuffer g = NativeView.bytes(grad);
        ByteBuffer z = NativeView.bytes(out);
        int n = (int) out.length();
        return (member, members) -> {
            int[] r = Kernel.share(n, GRAIN, member, members);
            int i = r[0];
            for (; i + LANES <= r[1]; i += LANES) {
                VectorMask<Float> off = FloatVector.fromByteBuffer(FLOATS, x, 4 * i, NATIVE).compare(VectorOperators.LE, cutoff);
                FloatVector.fromByteBuffer(FLOATS, g, 4 * i, NATIVE).blend(0f, off).intoByteBuffer(z, 4 * i, NATIVE);
            }
            for (; i < r[1]; i++) {
                z.putFloat(4 * i, x.getFloat(4 * i) > cutoff ? g.getFloat(4 * i) : 0f);
            }
        };
    }
}
