package org.vaelab.engine.compiled;

import java.util.List;
import java.util.function.LongFunction;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.vaelab.engine.compiled.ElementwiseKernels.Binary;
import org.vaelab.engine.compiled.ElementwiseKernels.Transcendental;
import org.vaelab.engine.compiled.ElementwiseKernels.Unary;

/**
 * Which ops the engine runs with its own kernels: the ones a VAE's step spends its time in (matrix
 * products, convolutions, element-wise arithmetic, exp and log1p, ReLU, row, column and whole sums, blocks
 * of a matrix, and their gradients). Every other op,
 * and these ops on shapes the kernels do not cover, run as ND4J's own op. This is a speed table, not a
 * list of what may run: whatever SameDiff can build runs.
 */
final class Kernels {

    /**
     * Op types to leave to ND4J whatever the shapes ({@code -Dvaelab.nd4jOps=exp,matmul}): a diagnostic, for
     * telling whether an engine kernel is behind a difference or a slowdown.
     */
    private static final java.util.Set<String> LEFT_TO_ND4J = java.util.Set.of(
            System.getProperty("vaelab.nd4jOps", "").split(","));

    private Kernels() {}

    /**
     * @param f the op
     * @param in its input arrays
     * @param out its output arrays (allocated)
     * @param read for each output, whether anything reads it (a kernel may leave an unread output unwritten)
     * @param scratch allocates float buffers that live as long as the program
     * @param members the threads of the team that will run it (a convolution keeps scratch for each)
     * @return the engine's kernel for it, in phases the team runs one after another, or null to run ND4J's op
     */
    static List<Kernel> bind(DifferentialFunction f, INDArray[] in, INDArray[] out, boolean[] read,
            LongFunction<INDArray> scratch, int members) {
        String name = f.opName();
        switch (name) {
            case "conv2d", "conv2d_bp", "deconv2d", "deconv2d_bp" -> {
                if (!NativeView.allUsable(in) || !NativeView.allUsable(out) || LEFT_TO_ND4J.contains(name)) {
                    return null;
                }
                long[] a = ((DynamicCustomOp) f).iArgs();
                return switch (name) {
                    case "conv2d" -> ConvKernels.conv(a, in, out, scratch, members);
                    // the first layer's input gradient is never read: not computing it saves a product and a scatter
                    case "conv2d_bp" -> ConvKernels.convGradient(a, in, out, read[0], scratch, members);
                    case "deconv2d" -> ConvKernels.deconv(a, in, out, scratch, members);
                    default -> ConvKernels.deconvGradient(a, in, out, scratch, members);
                };
            }
            default -> {
                Kernel k = single(f, in, out);
                return k != null ? List.of(k) : anyRank(f, in, out);
            }
        }
    }

    /** Broadcasting binary ops and tiles of any rank, where the rank-2 kernels do not apply. */
    private static List<Kernel> anyRank(DifferentialFunction f, INDArray[] in, INDArray[] out) {
        String name = f.opName();
        if (!NativeView.allUsable(in) || !NativeView.allUsable(out) || LEFT_TO_ND4J.contains(name)) {
            return null;
        }
        boolean sameShapes = name.matches("(add|subtract|multiply|divide)(_bp)?")
                && in.length >= 2 && java.util.Arrays.equals(in[0].shape(), in[1].shape())
                && java.util.Arrays.equals(in[0].shape(), in[in.length - 1].shape());
        if (sameShapes && in[0].rank() > 2 && in[0].length() > 1) {
            // no broadcasting, any rank: the arrays as flat vectors, split by values over the team
            INDArray[] flatIn = java.util.Arrays.stream(in).map(a -> a.reshape(a.length())).toArray(INDArray[]::new);
            INDArray[] flatOut = java.util.Arrays.stream(out).map(a -> a.reshape(a.length())).toArray(INDArray[]::new);
            Kernel flat = single(f, flatIn, flatOut);
            if (flat != null) {
                return List.of(flat);
            }
        }
        Kernel k = switch (name) {
            case "add", "subtract", "multiply", "divide" -> in.length == 2
                    ? BroadcastKernels.binary(in[0], in[1], out[0], binary(name)) : null;
            case "tile" -> in.length >= 1 && out.length == 1 ? TileKernels.tile(in[0], out[0]) : null;
            // the input whose shape the output has is the tiled one; the other array input is the gradient
            case "tile_bp" -> out.length == 1 && in.length >= 2 && java.util.Arrays.equals(in[0].shape(), out[0].shape())
                    ? TileKernels.tileGradient(in[in.length - 1], out[0]) : null;
            default -> null;
        };
        if (k != null) {
            return List.of(k);
        }
        return switch (name) {
            case "add_bp", "subtract_bp", "multiply_bp", "divide_bp" -> in.length == 3 && out.length == 2
                    ? BroadcastKernels.gradient(in[0], in[1], in[2], out[0], out[1], binary(name.substring(0, name.length() - 3)))
                    : null;
            default -> null;
        };
    }

    private static Kernel single(DifferentialFunction f, INDArray[] in, INDArray[] out) {
        if (!NativeView.allUsable(in) || !NativeView.allUsable(out)) {
            return null;
        }
        String name = f.opName();
        if (LEFT_TO_ND4J.contains(name)) {
            return null;
        }
        return switch (name) {
            case "matmul" -> matmul((DynamicCustomOp) f, in, out);
            case "xw_plus_b" -> in.length == 3 && ((DynamicCustomOp) f).iArgs().length == 0
                    ? MatmulKernel.product(in[0], false, in[1], false, in[2], out[0]) : null;
            case "add", "subtract", "multiply", "divide" -> in.length == 2
                    ? ElementwiseKernels.binary(in[0], in[1], out[0], binary(name)) : null;
            case "add_bp", "subtract_bp", "multiply_bp", "divide_bp" -> in.length == 3 && out.length == 2
                    ? GradientKernels.binaryGradient(in[0], in[1], in[2], out[0], out[1],
                            binary(name.substring(0, name.length() - 3))) : null;
            case "relu" -> scalarValue(f) == 0f && in.length == 1 ? ElementwiseKernels.map(in[0], out[0], Unary.RELU) : null;
            case "thresholdedrelu_bp" -> in.length == 2 && ((DynamicCustomOp) f).tArgs().length == 1
                    ? ElementwiseKernels.reluGradient(in[0], in[1], out[0], (float) ((DynamicCustomOp) f).tArgs()[0]) : null;
            case "exp" -> unary(in, out, Transcendental.EXP);
            case "log" -> unary(in, out, Transcendental.LOG);
            case "log1p" -> unary(in, out, Transcendental.LOG1P);
            case "sigmoid" -> unary(in, out, Transcendental.SIGMOID);
            case "tanh" -> unary(in, out, Transcendental.TANH);
            case "softplus" -> unary(in, out, Transcendental.SOFTPLUS);
            case "neg" -> in.length == 1 ? ElementwiseKernels.map(in[0], out[0], Unary.NEG) : null;
            case "abs" -> in.length == 1 ? ElementwiseKernels.map(in[0], out[0], Unary.ABS) : null;
            case "sign" -> in.length == 1 ? ElementwiseKernels.map(in[0], out[0], Unary.SIGN) : null;
            case "square" -> in.length == 1 ? ElementwiseKernels.map(in[0], out[0], Unary.SQUARE) : null;
            case "add_scalar" -> scalar(f, in, out, Binary.ADD, false);
            case "sub_scalar" -> scalar(f, in, out, Binary.SUBTRACT, false);
            case "rsub_scalar" -> scalar(f, in, out, Binary.SUBTRACT, true);
            case "mul_scalar" -> scalar(f, in, out, Binary.MULTIPLY, false);
            case "div_scalar" -> scalar(f, in, out, Binary.DIVIDE, false);
            case "rdiv_scalar" -> scalar(f, in, out, Binary.DIVIDE, true);
            case "_powderivative" -> in.length == 1 && scalarValue(f) == 2f      // square's gradient: 2x, exact
                    ? ElementwiseKernels.scalar(in[0], out[0], Binary.MULTIPLY, 2f, false) : null;
            case "strided_slice" -> in.length == 1 ? SliceKernels.slice(in[0], out[0], ((DynamicCustomOp) f).iArgs()) : null;
            case "strided_slice_bp" -> in.length == 2
                    ? SliceKernels.sliceGradient(in[0], in[1], out[0], ((DynamicCustomOp) f).iArgs()) : null;
            case "reduce_sum", "reduce_mean" -> in.length == 1
                    ? ReductionKernels.reduce(in[0], out[0], name.equals("reduce_mean"), longs(f.getDimensions())) : null;
            case "reduce_max" -> in.length == 1 ? ReductionKernels.maximum(in[0], out[0], longs(f.getDimensions())) : null;
            case "reduce_max_bp" -> in.length == 2
                    ? ReductionKernels.maximumBack(in[0], in[1], out[0], ((DynamicCustomOp) f).iArgs()) : null;
            case "reduce_sum_bp", "reduce_mean_bp" -> in.length == 2
                    ? ReductionKernels.broadcastBack(in[0], in[1], out[0], name.equals("reduce_mean_bp"),
                            ((DynamicCustomOp) f).iArgs()) : null;
            default -> null;
        };
    }

    private static long[] longs(int[] dims) {
        return dims == null ? null : java.util.Arrays.stream(dims).asLongStream().toArray();
    }

    private static Kernel unary(INDArray[] in, INDArray[] out, Transcendental f) {
        return in.length == 1 && out.length == 1 && in[0].length() == out[0].length() ? ElementwiseKernels.map(in[0], out[0], f)
                : null;
    }

    private static Kernel matmul(DynamicCustomOp op, INDArray[] in, INDArray[] out) {
        boolean[] t = MatmulKernel.plainTransposes(op);
        return in.length == 2 && t != null ? MatmulKernel.product(in[0], t[0], in[1], t[1], null, out[0]) : null;
    }

    private static Binary binary(String name) {
        return switch (name) {
            case "add" -> Binary.ADD;
            case "subtract" -> Binary.SUBTRACT;
            case "multiply" -> Binary.MULTIPLY;
            default -> Binary.DIVIDE;
        };
    }

    private static Kernel scalar(DifferentialFunction f, INDArray[] in, INDArray[] out, Binary op, boolean reversed) {
        if (in.length != 1 || !(f instanceof ScalarOp s) || s.scalar() == null || s.scalar().length() != 1) {
            return null;
        }
        return ElementwiseKernels.scalar(in[0], out[0], op, s.scalar().getFloat(0), reversed);
    }

    /** @return the scalar of a scalar op (relu's cutoff, add_scalar's addend), NaN where there is none */
    static float scalarValue(DifferentialFunction f) {
        return f instanceof ScalarOp s && s.scalar() != null && s.scalar().length() == 1 ? s.scalar().getFloat(0) : Float.NaN;
    }
}
