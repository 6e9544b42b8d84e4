package org.vaelab.engine.dense;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.vaelab.api.dense.ConvLayer;
import org.vaelab.api.dense.DenseActivation;
import org.vaelab.api.dense.DenseLayer;
import org.vaelab.api.dense.NetworkLayer;

/**
 * One layer as the dense engine runs it. Every kind reduces to matrix products over "rows" (an example
 * for a fully connected layer, an example's output positions for a convolution, its input positions for
 * a transposed convolution), so that the weight gradient is always one product
 * {@code dW = left^T right} over all rows of the batch, which the engine splits by rows of {@code W}:
 *
 * <table>
 *   <caption>The products, per layer kind ({@code W} as the row-major matrix its parameter's memory is)</caption>
 *   <tr><th>kind</th><th>W</th><th>forward</th><th>left, right</th><th>input gradient</th></tr>
 *   <tr><td>dense</td><td>{@code [in, out]}</td><td>{@code x W}</td><td>x, g</td><td>{@code g W^T}</td></tr>
 *   <tr><td>conv</td><td>{@code [(kh,kw,c), oc]}</td><td>{@code im2col(x) W}</td><td>im2col(x), g</td>
 *       <td>{@code col2im(g W^T)}</td></tr>
 *   <tr><td>transposed conv</td><td>{@code [(kh,kw,oc), c]}</td><td>{@code col2im(x W^T)}</td>
 *       <td>im2col(g), x</td><td>{@code im2col(g) W}</td></tr>
 * </table>
 *
 * <p>Between layers values are NCHW per example, as SameDiff's reshapes lay them out; the products work
 * on position-major ({@code (position, channel)}) matrices, so convolutions transpose on the way in and out.
 */
abstract class EngineLayer {

    final NetworkLayer spec;
    final String weightName;
    final String biasName;
    final DenseActivation activation;
    final int inSize;
    final int outSize;
    /** Product rows per example. */
    final int positions;
    /** W's rows (the weight-gradient product's output rows, split over threads) and columns. */
    final int wRows;
    final int wCols;
    /** Output channels (the bias length) and output positions per channel. */
    final int channels;
    final int outPositions;

    FloatPointer weights;
    float[] bias;

    EngineLayer(NetworkLayer spec, String role, int positions, int wRows, int wCols, int channels, int outPositions) {
        this.spec = spec;
        this.weightName = role + "/" + spec.name() + "/w";
        this.biasName = role + "/" + spec.name() + "/b";
        this.activation = spec.activation();
        this.inSize = Math.toIntExact(spec.inputSize());
        this.outSize = Math.toIntExact(spec.outputSize());
        this.positions = positions;
        this.wRows = wRows;
        this.wCols = wCols;
        this.channels = channels;
        this.outPositions = outPositions;
    }

    /** @return the engine form of a layer description */
    static EngineLayer of(NetworkLayer spec, String role) {
        if (spec instanceof DenseLayer d) {
            return new Dense(d, role);
        }
        ConvLayer c = (ConvLayer) spec;                    // the only other kind (sealed)
        return c.transposed() ? new Deconv(c, role) : new Conv(c, role);
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
        if (outPositions == 1) {                    // dense: plain column sums, which the JIT vectorises
            Activations.columnSums(b.grad, b.rows, channels, b.biasSums);
            return;
        }
        Arrays.fill(b.biasSums, 0f);
        for (int r = 0; r < b.rows; r++) {
            for (int c = 0; c < channels; c++) {
                int o = r * outSize + c * outPositions;
                float s = 0f;
                for (int q = 0; q < outPositions; q++) {
                    s += b.grad[o + q];
                }
                b.biasSums[c] += s;
            }
        }
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
            super(d, role, 1, Math.toIntExact(d.in()), Math.toIntExact(d.out()), Math.toIntExact(d.out()), 1);
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

    // ------------------------------------------------------------------------------------------ conv

    /**
     * im2col: {@code cols[(r, oy, ox), (kh, kw, ch)] = map[r, ch, oy*s - p + kh, ox*s - p + kw]} (0 outside),
     * for maps {@code [rows, ch, h, w]} and an {@code oh x ow} grid of kernel positions. Each example is
     * first copied channel-last, where a kernel row's {@code k * ch} values are contiguous, as they are in
     * a column row: one bulk copy per kernel row instead of {@code k * ch} strided ones.
     */
    static void im2col(float[] map, int rows, int ch, int h, int w, int oh, int ow, int k, int s, int p, FloatBuffer cols) {
        int width = k * k * ch;
        int run = k * ch;
        float[] channelLast = new float[h * w * ch];
        float[] zeros = new float[run];
        for (int r = 0; r < rows; r++) {
            transpose(map, r * ch * h * w, channelLast, 0, ch, h * w, false);
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int row = ((r * oh + oy) * ow + ox) * width;
                    int x0 = ox * s - p;
                    for (int kh = 0; kh < k; kh++) {
                        int y = oy * s - p + kh;
                        int col = row + kh * run;
                        if (y < 0 || y >= h) {
                            cols.put(col, zeros, 0, run);
                        } else if (x0 >= 0 && x0 + k <= w) {
                            cols.put(col, channelLast, (y * w + x0) * ch, run);
                        } else {
                            for (int kw = 0; kw < k; kw++) {
                                int x = x0 + kw;
                                if (x < 0 || x >= w) {
                                    cols.put(col + kw * ch, zeros, 0, ch);
                                } else {
                                    cols.put(col + kw * ch, channelLast, (y * w + x) * ch, ch);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * col2im, the adjoint of {@link #im2col}: adds each column entry back to its map position (the map is
     * overwritten). Each example is accumulated channel-last from whole column rows, adding every map
     * entry's contributions in the same order as a direct loop would, then copied back channel-major.
     */
    static void col2im(FloatBuffer cols, int rows, int ch, int h, int w, int oh, int ow, int k, int s, int p, float[] map) {
        int width = k * k * ch;
        float[] channelLast = new float[h * w * ch];
        float[] columnRow = new float[width];
        for (int r = 0; r < rows; r++) {
            Arrays.fill(channelLast, 0f);
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    cols.get(((r * oh + oy) * ow + ox) * width, columnRow, 0, width);
                    for (int kh = 0; kh < k; kh++) {
                        int y = oy * s - p + kh;
                        if (y < 0 || y >= h) {
                            continue;
                        }
                        for (int kw = 0; kw < k; kw++) {
                            int x = ox * s - p + kw;
                            if (x < 0 || x >= w) {
                                continue;
                            }
                            int at = (y * w + x) * ch;
                            int from = (kh * k + kw) * ch;
                            for (int c = 0; c < ch; c++) {
                                channelLast[at + c] += columnRow[from + c];
                            }
                        }
                    }
                }
            }
            transpose(channelLast, 0, map, r * ch * h * w, ch, h * w, true);
        }
    }

    /** {@code [rows, C, P]} (channel-major) to {@code [rows, P, C]} (position-major), or back with {@code back}. */
    static void transpose(float[] from, float[] to, int rows, int c, int positions, boolean back) {
        for (int r = 0; r < rows; r++) {
            int base = r * c * positions;
            transpose(from, base, to, base, c, positions, back);
        }
    }

    /** {@link #transpose} of one example, read from {@code from[fromBase..]} and written to {@code to[toBase..]}. */
    static void transpose(float[] from, int fromBase, float[] to, int toBase, int c, int positions, boolean back) {
        for (int ch = 0; ch < c; ch++) {
            for (int q = 0; q < positions; q++) {
                if (back) {
                    to[toBase + ch * positions + q] = from[fromBase + q * c + ch];
                } else {
                    to[toBase + q * c + ch] = from[fromBase + ch * positions + q];
                }
            }
        }
    }

    /** Bias per channel and the activation, on an NCHW map. */
    static void biasAndActivateMap(float[] map, float[] bias, int rows, int c, int positions, DenseActivation act) {
        for (int r = 0; r < rows; r++) {
            for (int ch = 0; ch < c; ch++) {
                int o = (r * c + ch) * positions;
                float b = bias[ch];
                for (int q = 0; q < positions; q++) {
                    map[o + q] += b;
                }
            }
        }
        Activations.activate(map, rows * c * positions, act);
    }

    /** What both convolutions share: the layer's geometry. */
    abstract static class Convolution extends EngineLayer {
        final ConvLayer c;
        final int k;
        final int s;
        final int p;

        Convolution(ConvLayer c, String role, int positions, int wRows, int wCols) {
            super(c, role, positions, wRows, wCols, c.outChannels(), c.outHeight() * c.outWidth());
            this.c = c;
            this.k = c.kernel();
            this.s = c.stride();
            this.p = c.padding();
        }
    }

    /** Convolution: left = im2col(input), right = the position-major gradient. */
    static final class Conv extends Convolution {
        Conv(ConvLayer c, String role) {
            super(c, role, c.outHeight() * c.outWidth(), c.kernel() * c.kernel() * c.inChannels(), c.outChannels());
        }

        @Override
        long[] weightShape() {
            return new long[] {k, k, c.inChannels(), c.outChannels()};
        }

        final class ConvBuffers extends Buffers {
            final FloatBuffer cols;                // im2col(input), built straight in the product's native operand
            final float[] positionMajor;
            final FloatPointer product;
            final FloatPointer colsGradNative;
            final FloatBuffer colsGrad;

            ConvBuffers(int rows, FloatPointer left, FloatPointer right, boolean training) {
                super(rows, left, right, training);
                cols = bytes(left).asFloatBuffer();
                positionMajor = new float[rows * outSize];
                product = NativeFloats.allocate((long) rows * outSize);
                colsGradNative = training ? NativeFloats.allocate((long) rows * positions * wRows) : null;
                colsGrad = training ? bytes(colsGradNative).asFloatBuffer() : null;
            }
        }

        @Override
        Buffers buffers(int rows, FloatPointer left, FloatPointer right, boolean training) {
            return new ConvBuffers(rows, left, right, training);
        }

        @Override
        void forward(Buffers b, float[] input) {
            ConvBuffers d = (ConvBuffers) b;
            int n = b.rows * positions;
            im2col(input, b.rows, c.inChannels(), c.inHeight(), c.inWidth(), c.outHeight(), c.outWidth(), k, s, p, d.cols);
            gemm(false, false, n, wCols, wRows, d.left, wRows, weights, wCols, d.product, wCols);
            d.product.get(d.positionMajor, 0, n * wCols);
            transpose(d.positionMajor, b.out, b.rows, channels, positions, true);
            biasAndActivateMap(b.out, bias, b.rows, channels, positions, activation);
        }

        @Override
        void backward(Buffers b, float[] inGrad) {
            ConvBuffers d = (ConvBuffers) b;
            int n = b.rows * positions;
            activationAndBias(b);
            transpose(b.grad, d.positionMajor, b.rows, channels, positions, false);
            d.right.put(d.positionMajor, 0, n * wCols);
            if (inGrad != null) {
                gemm(false, true, n, wRows, wCols, d.right, wCols, weights, wCols, d.colsGradNative, wRows);
                col2im(d.colsGrad, b.rows, c.inChannels(), c.inHeight(), c.inWidth(), c.outHeight(), c.outWidth(), k, s, p,
                        inGrad);
            }
        }
    }

    /** Transposed convolution: left = im2col(gradient), right = the position-major input. */
    static final class Deconv extends Convolution {
        final int inPositions;

        Deconv(ConvLayer c, String role) {
            super(c, role, c.inHeight() * c.inWidth(), c.kernel() * c.kernel() * c.outChannels(), c.inChannels());
            inPositions = c.inHeight() * c.inWidth();
        }

        @Override
        long[] weightShape() {
            return new long[] {k, k, c.outChannels(), c.inChannels()};
        }

        final class DeconvBuffers extends Buffers {
            final FloatBuffer gradCols;            // im2col(gradient), built straight in the native operand
            final float[] positionMajor;
            final FloatPointer product;
            final FloatBuffer productCols;         // the product's columns, read in place by col2im
            final FloatPointer inGradNative;

            DeconvBuffers(int rows, FloatPointer left, FloatPointer right, boolean training) {
                super(rows, left, right, training);
                gradCols = training ? bytes(left).asFloatBuffer() : null;
                positionMajor = new float[rows * inSize];
                product = NativeFloats.allocate((long) rows * inPositions * wRows);
                productCols = bytes(product).asFloatBuffer();
                inGradNative = training ? NativeFloats.allocate((long) rows * inSize) : null;
            }
        }

        @Override
        Buffers buffers(int rows, FloatPointer left, FloatPointer right, boolean training) {
            return new DeconvBuffers(rows, left, right, training);
        }

        @Override
        void forward(Buffers b, float[] input) {
            DeconvBuffers d = (DeconvBuffers) b;
            int n = b.rows * inPositions;
            transpose(input, d.positionMajor, b.rows, c.inChannels(), inPositions, false);
            d.right.put(d.positionMajor, 0, n * wCols);
            gemm(false, true, n, wRows, wCols, d.right, wCols, weights, wCols, d.product, wRows);
            // the output map's kernel positions are the input's pixels: col2im over the output map
            col2im(d.productCols, b.rows, c.outChannels(), c.outHeight(), c.outWidth(), c.inHeight(), c.inWidth(), k, s, p, b.out);
            biasAndActivateMap(b.out, bias, b.rows, channels, outPositions, activation);
        }

        @Override
        void backward(Buffers b, float[] inGrad) {
            DeconvBuffers d = (DeconvBuffers) b;
            int n = b.rows * inPositions;
            activationAndBias(b);
            im2col(b.grad, b.rows, c.outChannels(), c.outHeight(), c.outWidth(), c.inHeight(), c.inWidth(), k, s, p,
                    d.gradCols);
            if (inGrad != null) {
                gemm(false, false, n, wCols, wRows, d.left, wRows, weights, wCols, d.inGradNative, wCols);
                d.inGradNative.get(d.positionMajor, 0, n * wCols);
                transpose(d.positionMajor, inGrad, b.rows, c.inChannels(), inPositions, true);
            }
        }
    }
}
