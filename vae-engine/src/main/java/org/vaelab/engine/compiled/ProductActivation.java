package org.vaelab.engine.compiled;

import static org.vaelab.engine.compiled.Fusions.arity;
import static org.vaelab.engine.compiled.Fusions.in;
import static org.vaelab.engine.compiled.Fusions.out;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.vaelab.engine.compiled.Fusions.Dataflow;
import org.vaelab.engine.compiled.Fusions.Fused;

/**
 * A layer's product and its ReLU, {@code H = relu(X W + b)}, as one kernel that applies the ReLU to each member's
 * block of the product while the block is still in cache; and the ReLU's gradient {@code gZ = H > 0 ? gH : 0}
 * applied the same way to the product that computes {@code gH = G W^T}. Each saves a pass over a batch's
 * activations (at batch 512 the MLP VAE's four ReLUs and their gradients were 1-1.2 ms of a 55 ms step) and
 * keeps the pre-activation {@code Z} out of memory: the gradient reads {@code H}, which is positive exactly
 * where {@code Z} is, so the values are the same bits as the ops replaced. A product on arrays the kernel does not
 * take (batched, not float) makes the program bind again unfused, as for every fused chain; none of the examples'
 * models does (each binds fused under {@code vaelab validate}).
 */
final class ProductActivation {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = FLOATS.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private ProductActivation() {}

    /**
     * @param relu a {@code relu} op of the program
     * @param flow the program's dataflow
     * @return the fused product and ReLU, and each of the ReLU's gradients on H (in the product computing its
     *     upstream gradient, where that product is a plain matmul nothing else reads); null where {@code relu} does
     *     not follow a product or something other than the ReLU and its gradients reads the product
     */
    static List<Fused> match(SameDiffOp relu, Dataflow flow) {
        if (arity(relu) != 1 || Fusions.scalar(relu) != 0f) {
            return null;
        }
        String z = in(relu, 0);
        SameDiffOp product = flow.producer(z, "xw_plus_b");
        boolean[] transposed = {false, false};
        if (product != null && (arity(product) != 3 || ((DynamicCustomOp) product.getOp()).iArgs().length != 0)) {
            return null;
        }
        if (product == null) {
            product = flow.producer(z, "matmul");
            transposed = product == null ? null : plainMatmul(product);
            if (transposed == null) {
                return null;
            }
        }
        List<SameDiffOp> gradients = new ArrayList<>();
        for (SameDiffOp reader : flow.readers(z)) {
            if (reader == relu) {
                continue;
            }
            if (!reader.getOp().opName().equals("thresholdedrelu_bp") || arity(reader) != 2 || !z.equals(in(reader, 0))
                    || Fusions.tArg(reader) != 0.0 || z.equals(in(reader, 1))) {
                return null;
            }
            gradients.add(reader);
        }
        if (flow.readOutside(z, withAll(relu, gradients))) {         // the caller reads Z
            return null;
        }
        String h = out(relu, 0);
        List<Fused> fused = new ArrayList<>();
        fused.add(new Fused(Fusions.fusedOp(new Forward(transposed[0], transposed[1]), Dataflow.inputs(product), List.of(h)),
                List.of(product, relu), relu));
        for (SameDiffOp gradient : gradients) {
            String gH = in(gradient, 1);
            SameDiffOp upstream = flow.producer(gH, "matmul");
            boolean[] t = upstream == null ? null : plainMatmul(upstream);
            if (t != null && flow.onlyReader(gH, "thresholdedrelu_bp") == gradient && !Dataflow.inputs(upstream).contains(z)) {
                List<String> inputs = new ArrayList<>(Dataflow.inputs(upstream));
                inputs.add(h);
                fused.add(new Fused(Fusions.fusedOp(new MaskedGradient(t[0], t[1]), inputs, List.of(out(gradient, 0))),
                        List.of(upstream, gradient), gradient));
            } else {
                fused.add(new Fused(Fusions.fusedOp(new MaskedGradient(), List.of(gH, h), List.of(out(gradient, 0))), List.of(gradient), gradient));
            }
        }
        return fused;
    }

    private static List<SameDiffOp> withAll(SameDiffOp op, List<SameDiffOp> more) {
        List<SameDiffOp> all = new ArrayList<>(more);
        all.add(op);
        return all;
    }

    /** @return {ta, tb} of a two-input matmul with no scaling and no transposed output, else null */
    private static boolean[] plainMatmul(SameDiffOp matmul) {
        return arity(matmul) == 2 ? MatmulKernel.plainTransposes((DynamicCustomOp) matmul.getOp()) : null;
    }

    /** The shape of {@code op(a) op(b)}, or of {@code a} where either is not a matrix (the kernel then declines). */
    private static long[] productShape(INDArray a, boolean ta, INDArray b, boolean tb) {
        if (a.rank() != 2 || b.rank() != 2) {
            return a.shape();
        }
        return new long[] {ta ? a.size(1) : a.size(0), tb ? b.size(0) : b.size(1)};
    }

    /** {@code H = relu(op(X) op(W) (+ b))}: inputs X, W (and b). */
    static final class Forward extends FusedOp {
        private final boolean ta;
        private final boolean tb;

        Forward(boolean ta, boolean tb) {
            super("product_relu");
            this.ta = ta;
            this.tb = tb;
        }

        @Override
        long[] outputShape(INDArray[] in) {
            return productShape(in[0], ta, in[1], tb);
        }

        @Override
        Kernel bind(INDArray[] in, INDArray[] out, boolean[] read) {
            if (!NativeView.allUsable(in) || !NativeView.allUsable(out)) {
                return null;                               // not float matrices: the program is bound again unfused
            }
            ByteBuffer zb = NativeView.bytes(out[0]);
            int n = (int) out[0].size(out[0].rank() - 1);
            return MatmulKernel.product(in[0], ta, in[1], tb, in.length > 2 ? in[2] : null, out[0],
                    (rowFrom, rowTo, colFrom, colTo) -> eachRun(rowFrom, rowTo, colFrom, colTo, n,
                            (from, to) -> relu(zb, from, to)));
        }
    }

    /**
     * {@code gZ = H > 0 ? gH : 0}: with inputs G, W and H, {@code gH = op(G) op(W)} worked out first by each
     * member for its block; with inputs gH and H alone, an element-wise pass.
     */
    static final class MaskedGradient extends FusedOp {
        private final boolean product;
        private final boolean ta;
        private final boolean tb;

        /** The element-wise form: inputs gH, H. */
        MaskedGradient() {
            super("relu_bp_on_output");
            this.product = false;
            this.ta = false;
            this.tb = false;
        }

        /** The product form: inputs G, W, H. */
        MaskedGradient(boolean ta, boolean tb) {
            super("product_relu_bp");
            this.product = true;
            this.ta = ta;
            this.tb = tb;
        }

        @Override
        long[] outputShape(INDArray[] in) {
            return product ? productShape(in[0], ta, in[1], tb) : in[0].shape();
        }

        @Override
        Kernel bind(INDArray[] in, INDArray[] out, boolean[] read) {
            INDArray h = in[in.length - 1];
            if (!NativeView.allUsable(in) || !NativeView.allUsable(out)) {
                return null;                               // not float arrays: the program is bound again unfused
            }
            if (!product) {
                return h.length() == out[0].length() && in[0].length() == out[0].length()
                        ? ElementwiseKernels.reluGradient(h, in[0], out[0], 0f) : null;
            }
            if (!java.util.Arrays.equals(h.shape(), out[0].shape())) {
                return null;
            }
            ByteBuffer hb = NativeView.bytes(h);
            ByteBuffer gb = NativeView.bytes(out[0]);
            int n = (int) out[0].size(1);
            return MatmulKernel.product(in[0], ta, in[1], tb, null, out[0],
                    (rowFrom, rowTo, colFrom, colTo) -> eachRun(rowFrom, rowTo, colFrom, colTo, n,
                            (from, to) -> mask(hb, gb, from, to)));
        }
    }

    /** Values {@code [from, to)} of a flat array. */
    private interface Run {
        void apply(int from, int to);
    }

    /** A block of an n-column matrix as runs of consecutive values: one run where it spans whole rows. */
    private static void eachRun(int rowFrom, int rowTo, int colFrom, int colTo, int n, Run run) {
        if (colFrom == 0 && colTo == n) {
            run.apply(rowFrom * n, rowTo * n);
            return;
        }
        for (int row = rowFrom; row < rowTo; row++) {
            run.apply(row * n + colFrom, row * n + colTo);
        }
    }

    /** {@code z = max(z, 0)}, as the relu kernel computes it. */
    private static void relu(ByteBuffer zb, int from, int to) {
        int i = from;
        for (; i + LANES <= to; i += LANES) {
            FloatVector.fromByteBuffer(FLOATS, zb, 4 * i, NATIVE).max(0f).intoByteBuffer(zb, 4 * i, NATIVE);
        }
        for (; i < to; i++) {
            zb.putFloat(4 * i, Math.max(zb.getFloat(4 * i), 0f));
        }
    }

    /** {@code g = h <= 0 ? 0 : g}, as thresholdedrelu_bp at cutoff 0 computes it. */
    private static void mask(ByteBuffer hb, ByteBuffer gb, int from, int to) {
        int i = from;
        for (; i + LANES <= to; i += LANES) {
            FloatVector.fromByteBuffer(FLOATS, gb, 4 * i, NATIVE)
                    .blend(0f, FloatVector.fromByteBuffer(FLOATS, hb, 4 * i, NATIVE).compare(VectorOperators.LE, 0f))
                    .intoByteBuffer(gb, 4 * i, NATIVE);
        }
        for (; i < to; i++) {
            if (hb.getFloat(4 * i) <= 0f) {
                gb.putFloat(4 * i, 0f);
            }
        }
    }
}
