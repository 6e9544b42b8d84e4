package org.vaelab.engine.dense;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.FloatPointer;
import org.vaelab.api.dense.DenseActivation;
import org.vaelab.api.dense.DenseLayer;
import org.vaelab.api.dense.NetworkLayer;

/**
 * One layer as the dense engine runs it: a fully connected layer, {@code y = act(x W + b)} over the rows of a
 * batch, whose weight gradient is one product {@code dW = x^T g} over all rows, which the engine splits by rows of
 * {@code W}. (The engine's conv layers were removed on 2026-11-28: the compiled engine runs conv networks from their
 * own ops, faster; see docs/performance.md.)
 */
abstract class EngineLayer {

    final NetworkLayer spec;
    final String weightName;
    final String biasName;
    final DenseActivation activation;
    final int inSize;
    final int outSize;
    /** W's rows (the weight-gradient product's output rows, split over threads) and columns. */
    final int wRows;
    final int wCols;
    /** Output channels (the bias length). */
    final int channels;

    FloatPointer weights;
    float[] bias;

    EngineLayer(NetworkLayer spec, String role, int wRows, int wCols, int channels) {
        this.spec = spec;
        this.weightName = role + "/" + spec.name() + "/w";
        this.biasName = role + "/" + spec.name() + "/b";
        this.activation = spec.activation();
        this.inSize = Math.toIntExact(spec.inputSize());
        this.outSize = Math.toIntExact(spec.outputSize());
        this.wRows = wRows;
        this.wCols = wCols;
        this.channels = channels;
    }

    /** @return the engine form of a layer description */
    static EngineLayer of(NetworkLayer spec, String role) {
        return new Dense((DenseLayer) spec, role);          // the only kind (sealed)
    }

    /** @return the weight parameter's expected shape */
    abstract long[] weightShape();

    /** Buffers of one pass over {@code rows} examples; {@code left} and {@code right} may be slices of shared ones. */
    class Buffers {
        final int rows;
        final float[] out;                 // NCHW, after the activation
        final float[] grad;                // NCHW, dLoss/d(out), then d(pre-activation)
        final float[] biasSums = new float[channels];
        final FloatPointer left;
        final FloatPointer right;

        /** @return the layer these buffers belong to */
        EngineLayer layer() {
            return EngineLayer.this;
        }

        Buffers(int rows, FloatPointer left, FloatPointer right, boolean training) {
            this.rows = rows;
            this.out = new float[rows * outSize];
            this.grad = training ? new float[rows * outSize] : null;      // evaluation needs no gradients
            this.left = left;
            this.right = right;
        }
    }

    /**
     * @return buffers for {@code rows} examples over the given native product operands, with the
     *     backward pass's buffers only when {@code training}
     */
    abstract Buffers buffers(int rows, FloatPointer left, FloatPointer right, boolean training);

    /** {@code b.out = activation(op(input) + bias)}; fills whichever operand the weight gradient reads from x. */
    abstract void forward(Buffers b, float[] input);

    /**
     * From {@code b.grad} = dLoss/d(out): the pre-activation gradient (in place), the bias's partial sums,
     * the other weight-gradient operand, and dLoss/d(input) into {@code inGrad} unless null.
     */
    abstract void backward(Buffers b, float[] inGrad);

    /** Activation's derivative and the per-channel sums of the pre-activation gradient. */
    final void activationAndBias(Buffers b) {
        Activations.derivative(b.grad, b.out, b.rows * outSize, activation);
        Activations.columnSums(b.grad, b.rows, channels, b.biasSums);      // plain column sums, which the JIT vectorises
    }

    /**
     * A native byte-order view of a native buffer from its position on, for the vector kernels (JavaCPP's
     * {@code asByteBuffer} starts at the allocation and is only positioned at the pointer's position, and
     * the kernels index absolutely: hence the slice).
     */
    static ByteBuffer bytes(FloatPointer p) {
        return p.asByteBuffer().slice().order(ByteOrder.nativeOrder());
    }

    static void gemm(boolean ta, boolean tb, int m, int n, int k, FloatPointer a, int lda, FloatPointer b, int ldb,
            FloatPointer c, int ldc) {
        cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, 1f, a, lda,
                b, ldb, 0f, c, ldc);
    }

    // ------------------------------------------------------------------------------------------ dense

    /** Fully connected: left = the input, right = the gradient. */
    static final class Dense extends EngineLayer {
        Dense(DenseLayer d, String role) {
            super(d, role, Math.toIntExact(d.in()), Math.toIntExact(d.out()), Math.toIntExact(d.out()));
        }

        @Override
        long[] weightShape() {
            return new long[] {wRows, wCols};
        }

        final class DenseBuffers extends Buffers {
            final FloatPointer product;
            final FloatPointer inGradNative;
            final ByteBuffer productBytes;
            final ByteBuffer rightBytes;
            final ByteBuffer inGradBytes;
            /** The next layer's input operand: this layer's activations go there instead of to {@code out}. */
            ByteBuffer activationsOut;
            /** The next layer's {@code inGradNative}: dLoss/d(out) of this layer, read in place. */
            ByteBuffer upstreamGradient;
            /** The previous layer wrote this layer's input into {@code left}. */
            boolean inputInLeft;
            /** The previous layer reads {@code inGradNative} itself: no copy into the heap. */
            boolean gradientStaysNative;

            DenseBuffers(int rows, FloatPointer left, FloatPointer right, boolean training) {
                super(rows, left, right, training);
                product = NativeFloats.allocate((long) rows * outSize);
                inGradNative = training ? NativeFloats.allocate((long) rows * inSize) : null;
                productBytes = bytes(product);
                rightBytes = training ? bytes(right) : null;
                inGradBytes = training ? bytes(inGradNative) : null;
            }
        }

        /** Whether this layer's element-wise work runs on the vector kernels, straight on native memory. */
        boolean fused() {
            return VectorApi.PRESENT && (activation == DenseActivation.RELU || activation == DenseActivation.IDENTITY);
        }

        /**
         * Lets {@code a} write its activations straight into {@code b}'s input operand and read its gradient
         * straight from {@code b}'s input gradient, where {@code b} follows {@code a} in the same chain:
         * two copies fewer per layer and pass.
         */
        static void link(Buffers a, Buffers b) {
            if (a instanceof Dense.DenseBuffers da && b instanceof Dense.DenseBuffers db
                    && ((Dense) da.layer()).fused()) {
                da.activationsOut = bytes(db.left);
                db.inputInLeft = true;
                if (db.inGradNative != null && da.rightBytes != null) {
                    da.upstreamGradient = db.inGradBytes;
                    db.gradientStaysNative = true;
                }
            }
        }

        @Override
        Buffers buffers(int rows, FloatPointer left, FloatPointer right, boolean training) {
            return new DenseBuffers(rows, left, right, training);
        }

        @Override
        void forward(Buffers b, float[] input) {
            DenseBuffers d = (DenseBuffers) b;
            if (!d.inputInLeft) {
                d.left.put(input, 0, b.rows * inSize);
            }
            gemm(false, false, b.rows, outSize, inSize, d.left, inSize, weights, outSize, d.product, outSize);
            boolean relu = activation == DenseActivation.RELU;
            if (d.activationsOut != null) {
                VectorKernels.biasAndActivate(d.productBytes, bias, b.rows, outSize, relu, d.activationsOut);
            } else if (fused()) {
                VectorKernels.biasAndActivate(d.productBytes, bias, b.rows, outSize, relu, b.out);
            } else {
                d.product.get(b.out, 0, b.rows * outSize);
                Activations.biasAndActivate(b.out, bias, b.rows, outSize, activation);
            }
        }

        @Override
        void backward(Buffers b, float[] inGrad) {
            DenseBuffers d = (DenseBuffers) b;
            boolean relu = activation == DenseActivation.RELU;
            if (d.upstreamGradient != null) {
                VectorKernels.activationGradient(d.upstreamGradient, d.activationsOut, b.rows, outSize, relu, b.biasSums,
                        d.rightBytes);
            } else if (fused()) {
                VectorKernels.activationGradient(b.grad, b.out, b.rows, outSize, relu, b.biasSums, d.rightBytes);
            } else {
                activationAndBias(b);
                d.right.put(b.grad, 0, b.rows * outSize);
            }
            if (inGrad != null || d.gradientStaysNative) {
                gemm(false, true, b.rows, inSize, outSize, d.right, outSize, weights, outSize, d.inGradNative, inSize);
                if (!d.gradientStaysNative) {
                    d.inGradNative.get(inGrad, 0, b.rows * inSize);
                }
            }
        }
    }
}
