package org.vaelab.engine.dense;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dense engine's element-wise kernels that the JIT does not vectorise by itself, on the JDK's vector
 * API ({@code jdk.incubator.vector}): the Bernoulli likelihood ({@link Losses#bernoulli}: 16 pixels per
 * AVX-512 instruction instead of one call of {@code Math.exp} and one of {@code Math.log} per pixel, which
 * made it about 40% of an evaluation pass), bias and ReLU straight from and into native product operands
 * (saving the copies between the heap and the BLAS's memory), the ReLU derivative (a data-dependent select, which the JIT
 * compiles to a branch per value), and Adam's update straight in the parameters' native memory. Used only where the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (the launcher and the tests do): callers check
 * {@link VectorApi#PRESENT} and otherwise run their scalar loops.
 *
 * <p>The Bernoulli kernel uses the same formulas as the scalar path ({@link Losses#expOfNegative}, {@link Losses#log1pOfUnit}), built
 * only from operations IEEE 754 defines exactly (add, multiply, divide, min/max, compare, bit
 * reinterpretation), so the interpreter and each JIT tier give identical bits and a run does not depend
 * on when the JIT compiles it. For the same reason the lanes are summed in a fixed order here rather
 * than by {@code reduceLanes}, whose order is unspecified.
 */
final class VectorKernels {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final int LANES = FLOATS.length();
    private static final FloatVector ONE = FloatVector.broadcast(FLOATS, 1f);
    private static final FloatVector ZERO = FloatVector.zero(FLOATS);
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private VectorKernels() {}

    /** See {@link Losses#bernoulli}. */
    static double bernoulli(float[] l, float[] x, int xRowStride, int rows, int d, double[] perRow, float[] grad,
            float f) {
        float[] lanes = new float[LANES];
        int bound = FLOATS.loopBound(d);
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * d;
            int xo = r * xRowStride;
            FloatVector sum = FloatVector.zero(FLOATS);
            int j = 0;
            for (; j < bound; j += LANES) {
                FloatVector v = FloatVector.fromArray(FLOATS, l, o + j);
                FloatVector t = FloatVector.fromArray(FLOATS, x, xo + j);
                FloatVector e = expOfNegative(v.abs());
                sum = sum.add(v.max(0f).sub(v.mul(t)).add(log1pOfUnit(e)));
                if (grad != null) {
                    FloatVector inv = ONE.div(e.add(1f));
                    FloatVector sigmoid = inv.blend(e.mul(inv), v.compare(VectorOperators.LT, 0f));
                    FloatVector.fromArray(FLOATS, grad, o + j).add(sigmoid.sub(t).mul(f)).intoArray(grad, o + j);
                }
            }
            sum.intoArray(lanes, 0);
            double row = 0;
            for (float lane : lanes) {
                row += lane;
            }
            row += Losses.bernoulliScalar(l, x, o + j, xo + j, d - j, grad, f);
            if (perRow != null) {
                perRow[r] = row;
            }
            total += row;
        }
        return total;
    }

    /**
     * {@code dst[r, j] = relu(src[r, j] + b[j])} (or without the ReLU) from a product in native memory into
     * native memory (the next layer's input operand): the same values as copying the product into the heap
     * and running {@code Activations.biasAndActivate}, in one pass.
     */
    static void biasAndActivate(ByteBuffer src, float[] b, int rows, int width, boolean relu, ByteBuffer dst) {
        int bound = FLOATS.loopBound(width);
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            int j = 0;
            for (; j < bound; j += LANES) {
                int at = (o + j) * Float.BYTES;
                FloatVector v = FloatVector.fromByteBuffer(FLOATS, src, at, NATIVE).add(FloatVector.fromArray(FLOATS, b, j));
                (relu ? v.max(0f) : v).intoByteBuffer(dst, at, NATIVE);
            }
            for (; j < width; j++) {
                int at = (o + j) * Float.BYTES;
                float v = src.getFloat(at) + b[j];
                dst.putFloat(at, relu ? Math.max(v, 0f) : v);
            }
        }
    }

    /** {@link #biasAndActivate(ByteBuffer, float[], int, int, boolean, ByteBuffer)} into a heap array. */
    static void biasAndActivate(ByteBuffer src, float[] b, int rows, int width, boolean relu, float[] dst) {
        int bound = FLOATS.loopBound(width);
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            int j = 0;
            for (; j < bound; j += LANES) {
                FloatVector v = FloatVector.fromByteBuffer(FLOATS, src, (o + j) * Float.BYTES, NATIVE)
                        .add(FloatVector.fromArray(FLOATS, b, j));
                (relu ? v.max(0f) : v).intoArray(dst, o + j);
            }
            for (; j < width; j++) {
                float v = src.getFloat((o + j) * Float.BYTES) + b[j];
                dst[o + j] = relu ? Math.max(v, 0f) : v;
            }
        }
    }

    /**
     * The pre-activation gradient {@code g = u * act'(h)} (ReLU: {@code h > 0 ? u : 0}; identity: u) from
     * dLoss/d(out) {@code u} and the activations {@code h}, both in native memory, written into the native
     * operand {@code right}; {@code sums[j]} receives the column sums of g (the bias gradient), row by row
     * as {@code Activations.columnSums} adds them.
     */
    static void activationGradient(ByteBuffer u, ByteBuffer h, int rows, int width, boolean relu, float[] sums,
            ByteBuffer right) {
        java.util.Arrays.fill(sums, 0f);
        int bound = FLOATS.loopBound(width);
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            int j = 0;
            for (; j < bound; j += LANES) {
                int at = (o + j) * Float.BYTES;
                FloatVector g = FloatVector.fromByteBuffer(FLOATS, u, at, NATIVE);
                if (relu) {
                    g = ZERO.blend(g, FloatVector.fromByteBuffer(FLOATS, h, at, NATIVE).compare(VectorOperators.GT, 0f));
                }
                g.intoByteBuffer(right, at, NATIVE);
                FloatVector.fromArray(FLOATS, sums, j).add(g).intoArray(sums, j);
            }
            for (; j < width; j++) {
                int at = (o + j) * Float.BYTES;
                float g = !relu || h.getFloat(at) > 0f ? u.getFloat(at) : 0f;
                right.putFloat(at, g);
                sums[j] += g;
            }
        }
    }

    /**
     * {@link #activationGradient(ByteBuffer, ByteBuffer, int, int, boolean, float[], ByteBuffer)} from heap
     * arrays. A copy of that loop rather than a choice of source per load: in Java 17 a vector merged from
     * two code paths is boxed, which costs more than the kernel.
     */
    static void activationGradient(float[] u, float[] h, int rows, int width, boolean relu, float[] sums,
            ByteBuffer right) {
        java.util.Arrays.fill(sums, 0f);
        int bound = FLOATS.loopBound(width);
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            int j = 0;
            for (; j < bound; j += LANES) {
                FloatVector g = FloatVector.fromArray(FLOATS, u, o + j);
                if (relu) {
                    g = ZERO.blend(g, FloatVector.fromArray(FLOATS, h, o + j).compare(VectorOperators.GT, 0f));
                }
                g.intoByteBuffer(right, (o + j) * Float.BYTES, NATIVE);
                FloatVector.fromArray(FLOATS, sums, j).add(g).intoArray(sums, j);
            }
            for (; j < width; j++) {
                float g = !relu || h[o + j] > 0f ? u[o + j] : 0f;
                right.putFloat((o + j) * Float.BYTES, g);
                sums[j] += g;
            }
        }
    }

    /** {@code g[i] = h[i] > 0 ? g[i] : 0} for the first {@code n} values (ReLU's derivative from its output h). */
    static void reluDerivative(float[] g, float[] h, int n) {
        int bound = FLOATS.loopBound(n);
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector active = FloatVector.fromArray(FLOATS, h, i);
            ZERO.blend(FloatVector.fromArray(FLOATS, g, i), active.compare(VectorOperators.GT, 0f)).intoArray(g, i);
        }
        for (; i < n; i++) {
            g[i] = h[i] > 0f ? g[i] : 0f;
        }
    }

    /**
     * One Adam step on the values {@code [from, to)}, in place: {@code m = b1 m + (1 - b1) g},
     * {@code v = b2 v + (1 - b2) g^2}, {@code param -= stepSize m / (sqrt(v) + eps)}, in the operations and
     * order of {@code ParameterUpdate}'s scalar loop (so the same bits). The parameter is updated in its
     * native memory; the gradient comes from the heap ({@code heapGradient}) or from native memory
     * ({@code nativeGradient}, when {@code heapGradient} is null), both flat over the whole parameter.
     */
    static void adam(float[] heapGradient, ByteBuffer nativeGradient, ByteBuffer param, float[] m, float[] v, float b1,
            float b2, float stepSize, float eps, int from, int to) {
        float c1 = 1f - b1;
        float c2 = 1f - b2;
        int i = from;
        int bound = from + FLOATS.loopBound(to - from);
        // two loops rather than a choice per iteration: a vector merged from two paths is not kept in registers
        if (heapGradient != null) {
            for (; i < bound; i += LANES) {
                adam(FloatVector.fromArray(FLOATS, heapGradient, i), param, m, v, b1, b2, c1, c2, stepSize, eps, i);
            }
        } else {
            for (; i < bound; i += LANES) {
                adam(FloatVector.fromByteBuffer(FLOATS, nativeGradient, i * Float.BYTES, NATIVE), param, m, v, b1, b2,
                        c1, c2, stepSize, eps, i);
            }
        }
        for (; i < to; i++) {
            float g = heapGradient != null ? heapGradient[i] : nativeGradient.getFloat(i * Float.BYTES);
            float mi = b1 * m[i] + g * c1;
            float vi = b2 * v[i] + g * g * c2;
            m[i] = mi;
            v[i] = vi;
            int at = i * Float.BYTES;
            param.putFloat(at, param.getFloat(at) - mi * stepSize / ((float) Math.sqrt(vi) + eps));
        }
    }

    private static void adam(FloatVector g, ByteBuffer param, float[] m, float[] v, float b1, float b2, float c1,
            float c2, float stepSize, float eps, int i) {
        FloatVector mi = FloatVector.fromArray(FLOATS, m, i).mul(b1).add(g.mul(c1));
        FloatVector vi = FloatVector.fromArray(FLOATS, v, i).mul(b2).add(g.mul(g).mul(c2));
        mi.intoArray(m, i);
        vi.intoArray(v, i);
        FloatVector.fromByteBuffer(FLOATS, param, i * Float.BYTES, NATIVE)
                .sub(mi.mul(stepSize).div(vi.sqrt().add(eps)))
                .intoByteBuffer(param, i * Float.BYTES, NATIVE);
    }

    /** {@link Losses#expOfNegative}, lane-wise. */
    static FloatVector expOfNegative(FloatVector a) {
        FloatVector y = a.min(Losses.EXP_ARGUMENT_LIMIT);
        FloatVector shifted = y.mul(Losses.LOG2E).add(Losses.ROUNDING_SHIFT);
        FloatVector n = shifted.sub(Losses.ROUNDING_SHIFT);
        FloatVector r = n.mul(Losses.LN2_HIGH).sub(y).add(n.mul(Losses.LN2_LOW));
        FloatVector p = r.mul(Losses.EXP_P0).add(Losses.EXP_P1);
        p = p.mul(r).add(Losses.EXP_P2);
        p = p.mul(r).add(Losses.EXP_P3);
        p = p.mul(r).add(Losses.EXP_P4);
        p = p.mul(r).add(Losses.EXP_P5);
        p = p.mul(r).mul(r).add(r).add(1f);
        IntVector scale = IntVector.broadcast(INTS, Losses.SCALE_BITS).sub(shifted.reinterpretAsInts())
                .lanewise(VectorOperators.LSHL, 23);
        return p.mul(scale.reinterpretAsFloats());
    }

    /** {@link Losses#log1pOfUnit}, lane-wise. */
    static FloatVector log1pOfUnit(FloatVector e) {
        FloatVector t = e.div(e.add(2f));
        FloatVector t2 = t.mul(t);
        FloatVector s = t2.mul(Losses.ATANH_15).add(Losses.ATANH_13);
        s = s.mul(t2).add(Losses.ATANH_11);
        s = s.mul(t2).add(Losses.ATANH_9);
        s = s.mul(t2).add(Losses.ATANH_7);
        s = s.mul(t2).add(Losses.ATANH_5);
        s = s.mul(t2).add(Losses.ATANH_3);
        s = s.mul(t2).add(1f);
        return t.mul(2f).mul(s);
    }
}
