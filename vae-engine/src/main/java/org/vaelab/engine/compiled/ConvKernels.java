package org.vaelab.engine.compiled;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * 2-D convolutions and transposed convolutions (NCHW, weights {@code [kH, kW, in, out]} and
 * {@code [kH, kW, out, in]}, square kernels, no dilation, explicit padding) and their gradients, as
 * im2col/col2im around BLAS products, a chunk of the batch at a time. ND4J's own convolution kernels are the
 * measured bottleneck of convolutional VAEs (docs/performance.md). Each chunk runs in phases (layout
 * copies, products, scatter), the team meeting between them; every value is summed in a fixed order.
 * Scratch buffers come from {@code scratch} (float arrays of the given length, held by the program).
 */
final class ConvKernels {

    private ConvKernels() {}

    /**
     * Where the big map (channels {@code bc} x {@code bh} x {@code bw}) and the small one ({@code sc} x
     * {@code sh} x {@code sw}) meet: small[y][x] sees big[y*s - p + ky][x*s - p + kx]. A convolution
     * maps big to small, a transposed one small to big.
     */
    private record Geometry(int batch, int bc, int bh, int bw, int sc, int sh, int sw, int k, int s, int p) {
        int smallPositions() {
            return sh * sw;
        }

        int bigPositions() {
            return bh * bw;
        }

        /** Rows of the column matrix: one per (ky, kx, big channel), in the weights' order. */
        int columnRows() {
            return k * k * bc;
        }

        /** Columns: one per (example, small position). */
        int columns() {
            return batch * smallPositions();
        }

        /** The same geometry for {@code count} examples (a chunk of the batch). */
        Geometry examples(int count) {
            return new Geometry(count, bc, bh, bw, sc, sh, sw, k, s, p);
        }

        /** Examples {@code [first, first + count)} of a big-side NCHW map. */
        FloatBuffer big(FloatBuffer map, int first, int count) {
            return map.slice(first * bc * bigPositions(), count * bc * bigPositions());
        }

        /** Examples {@code [first, first + count)} of a small-side NCHW map. */
        FloatBuffer small(FloatBuffer map, int first, int count) {
            return map.slice(first * sc * smallPositions(), count * sc * smallPositions());
        }
    }

    /**
     * Floats of column matrix a chunk of examples may take (2 MB): the batch goes through each op a chunk at a time,
     * so the column matrix the BLAS reads stays in cache instead of a whole batch's (50 MB for a 32->64 convolution
     * at batch 512). Tests lower it to run every example as a chunk of its own.
     */
    static int columnBudget = 1 << 19;

    /** conv2d: {@code [x, w, (b)] -> [y]}; null when the configuration is not covered. */
    static List<Kernel> conv(long[] iArgs, INDArray[] in, INDArray[] out, LongFunction<INDArray> scratch) {
        Geometry g = convGeometry(iArgs, in[0], in[1], out[0]);
        if (g == null || in.length > 3 || in.length == 3 && in[2].length() != g.sc()) {
            return null;
        }
        int chunk = chunkExamples(g);
        INDArray bias = in.length == 3 ? in[2] : null;
        FloatPointer cols = buffer(scratch, (long) g.columnRows() * chunk * g.smallPositions());
        FloatPointer product = buffer(scratch, (long) g.sc() * chunk * g.smallPositions());
        FloatBuffer x = floats(in[0]);
        FloatBuffer y = floats(out[0]);
        FloatBuffer b = bias == null ? null : floats(bias);
        FloatPointer w = NativeView.pointer(in[1]);
        FloatBuffer colsF = cols.asBuffer();
        FloatBuffer productF = product.asBuffer();
        List<Kernel> phases = new ArrayList<>();
        for (int first = 0; first < g.batch(); first += chunk) {
            Geometry c = g.examples(Math.min(chunk, g.batch() - first));
            FloatBuffer xc = g.big(x, first, c.batch());
            FloatBuffer yc = g.small(y, first, c.batch());
            phases.add((m, n) -> im2col(c, xc, colsF, m, n));
            phases.add((m, n) -> gemm(true, false, c.sc(), c.columns(), c.columnRows(), w, c.sc(), cols, c.columns(),
                    product, c.columns(), 0f, m, n));
            phases.add((m, n) -> fromChannelMajor(productF, yc, b, c.batch(), c.sc(), c.smallPositions(), m, n));
        }
        return phases;
    }

    /** conv2d_bp: {@code [x, w, (b), gradY] -> [gradX, gradW, (gradB)]}. */
    static List<Kernel> convGradient(long[] iArgs, INDArray[] in, INDArray[] out, LongFunction<INDArray> scratch) {
        boolean hasBias = in.length == 4;
        INDArray gradY = in[in.length - 1];
        Geometry g = convGeometry(iArgs, in[0], in[1], gradY);
        if (g == null || out.length != (hasBias ? 3 : 2)) {
            return null;
        }
        int chunk = chunkExamples(g);
        FloatPointer cols = buffer(scratch, (long) g.columnRows() * chunk * g.smallPositions());
        FloatPointer gradCols = buffer(scratch, (long) g.columnRows() * chunk * g.smallPositions());
        FloatPointer gradYcm = buffer(scratch, (long) g.sc() * chunk * g.smallPositions());
        FloatBuffer x = floats(in[0]);
        FloatBuffer gy = floats(gradY);
        FloatBuffer gx = floats(out[0]);
        FloatPointer w = NativeView.pointer(in[1]);
        FloatPointer gw = NativeView.pointer(out[1]);
        FloatBuffer gb = hasBias ? floats(out[2]) : null;
        FloatBuffer colsF = cols.asBuffer();
        FloatBuffer gradColsF = gradCols.asBuffer();
        FloatBuffer gradYcmF = gradYcm.asBuffer();
        List<Kernel> phases = new ArrayList<>();
        for (int first = 0; first < g.batch(); first += chunk) {
            Geometry c = g.examples(Math.min(chunk, g.batch() - first));
            FloatBuffer xc = g.big(x, first, c.batch());
            FloatBuffer gyc = g.small(gy, first, c.batch());
            FloatBuffer gxc = g.big(gx, first, c.batch());
            boolean accumulate = first > 0;             // the weights' and bias's gradients sum over the chunks
            phases.add((m, n) -> {
                im2col(c, xc, colsF, m, n);
                toChannelMajor(gyc, gradYcmF, c.batch(), c.sc(), c.smallPositions(), m, n);
            });
            phases.add((m, n) -> {
                // gradW [K, O] (+)= cols [K, N] gradY^T [N, O]; gradCols [K, N] = W [K, O] gradY [O, N]
                gemm(false, true, c.columnRows(), c.sc(), c.columns(), cols, c.columns(), gradYcm, c.columns(), gw,
                        c.sc(), accumulate ? 1f : 0f, m, n);
                gemm(false, false, c.columnRows(), c.columns(), c.sc(), w, c.sc(), gradYcm, c.columns(), gradCols,
                        c.columns(), 0f, m, n);
                if (gb != null) {
                    rowSums(gradYcmF, gb, c.sc(), c.columns(), accumulate, m, n);
                }
            });
            phases.add((m, n) -> col2im(c, gradColsF, gxc, null, m, n));
        }
        return phases;
    }

    /** deconv2d: {@code [x, w, (b)] -> [y]}. */
    static List<Kernel> deconv(long[] iArgs, INDArray[] in, INDArray[] out, LongFunction<INDArray> scratch) {
        Geometry g = deconvGeometry(iArgs, in[0], in[1], out[0]);
        if (g == null || in.length > 3 || in.length == 3 && in[2].length() != g.bc()) {
            return null;
        }
        int chunk = chunkExamples(g);
        FloatPointer xcm = buffer(scratch, (long) g.sc() * chunk * g.smallPositions());
        FloatPointer cols = buffer(scratch, (long) g.columnRows() * chunk * g.smallPositions());
        FloatBuffer x = floats(in[0]);
        FloatBuffer y = floats(out[0]);
        FloatBuffer b = in.length == 3 ? floats(in[2]) : null;
        FloatPointer w = NativeView.pointer(in[1]);
        FloatBuffer xcmF = xcm.asBuffer();
        FloatBuffer colsF = cols.asBuffer();
        List<Kernel> phases = new ArrayList<>();
        for (int first = 0; first < g.batch(); first += chunk) {
            Geometry c = g.examples(Math.min(chunk, g.batch() - first));
            FloatBuffer xc = g.small(x, first, c.batch());
            FloatBuffer yc = g.big(y, first, c.batch());
            phases.add((m, n) -> toChannelMajor(xc, xcmF, c.batch(), c.sc(), c.smallPositions(), m, n));
            // cols [K', N] = W [K', Ci] x [Ci, N]
            phases.add((m, n) -> gemm(false, false, c.columnRows(), c.columns(), c.sc(), w, c.sc(), xcm, c.columns(),
                    cols, c.columns(), 0f, m, n));
            phases.add((m, n) -> col2im(c, colsF, yc, b, m, n));
        }
        return phases;
    }

    /** deconv2d_bp: {@code [x, w, (b), gradY] -> [gradX, gradW, (gradB)]}. */
    static List<Kernel> deconvGradient(long[] iArgs, INDArray[] in, INDArray[] out, LongFunction<INDArray> scratch) {
        boolean hasBias = in.length == 4;
        INDArray gradY = in[in.length - 1];
        Geometry g = deconvGeometry(iArgs, in[0], in[1], gradY);
        if (g == null || out.length != (hasBias ? 3 : 2)) {
            return null;
        }
        int chunk = chunkExamples(g);
        FloatPointer cols = buffer(scratch, (long) g.columnRows() * chunk * g.smallPositions());
        FloatPointer xcm = buffer(scratch, (long) g.sc() * chunk * g.smallPositions());
        FloatPointer gradXcm = buffer(scratch, (long) g.sc() * chunk * g.smallPositions());
        FloatBuffer x = floats(in[0]);
        FloatBuffer gy = floats(gradY);
        FloatBuffer gx = floats(out[0]);
        FloatPointer w = NativeView.pointer(in[1]);
        FloatPointer gw = NativeView.pointer(out[1]);
        FloatBuffer gb = hasBias ? floats(out[2]) : null;
        FloatBuffer colsF = cols.asBuffer();
        FloatBuffer xcmF = xcm.asBuffer();
        FloatBuffer gradXcmF = gradXcm.asBuffer();
        List<Kernel> phases = new ArrayList<>();
        for (int first = 0; first < g.batch(); first += chunk) {
            Geometry c = g.examples(Math.min(chunk, g.batch() - first));
            FloatBuffer xc = g.small(x, first, c.batch());
            FloatBuffer gyc = g.big(gy, first, c.batch());
            FloatBuffer gxc = g.small(gx, first, c.batch());
            boolean accumulate = first > 0;             // the weights' and bias's gradients sum over the chunks
            phases.add((m, n) -> {
                im2col(c, gyc, colsF, m, n);
                toChannelMajor(xc, xcmF, c.batch(), c.sc(), c.smallPositions(), m, n);
                if (gb != null) {
                    channelSums(gyc, gb, c.batch(), c.bc(), c.bigPositions(), accumulate, m, n);
                }
            });
            phases.add((m, n) -> {
                // gradX [Ci, N] = W^T [Ci, K'] cols [K', N]; gradW [K', Ci] (+)= cols [K', N] x^T [N, Ci]
                gemm(true, false, c.sc(), c.columns(), c.columnRows(), w, c.sc(), cols, c.columns(), gradXcm,
                        c.columns(), 0f, m, n);
                gemm(false, true, c.columnRows(), c.sc(), c.columns(), cols, c.columns(), xcm, c.columns(), gw, c.sc(),
                        accumulate ? 1f : 0f, m, n);
            });
            phases.add((m, n) -> fromChannelMajor(gradXcmF, gxc, null, c.batch(), c.sc(), c.smallPositions(), m, n));
        }
        return phases;
    }

    /** Examples per chunk: as many as keep the column matrix within {@link #columnBudget}, at least one. */
    private static int chunkExamples(Geometry g) {
        long perExample = (long) g.columnRows() * g.smallPositions();
        return (int) Math.max(1, Math.min(g.batch(), columnBudget / perExample));
    }

    // ---------------------------------------------------------------- geometry from the op's arguments

    /** conv2d's iArgs: kH, kW, sH, sW, pH, pW, dH, dW, padding mode, data format, weights format. */
    private static Geometry convGeometry(long[] a, INDArray x, INDArray w, INDArray y) {
        if (!plain(a) || a.length > 10 && a[10] != 0 || x.rank() != 4 || w.rank() != 4 || y.rank() != 4) {
            return null;
        }
        int k = (int) a[0];
        Geometry g = new Geometry((int) x.size(0), (int) x.size(1), (int) x.size(2), (int) x.size(3), (int) y.size(1),
                (int) y.size(2), (int) y.size(3), k, (int) a[2], (int) a[4]);
        boolean weights = w.size(0) == k && w.size(1) == k && w.size(2) == g.bc() && w.size(3) == g.sc();
        return weights && y.size(0) == g.batch() && consistent(g) ? g : null;
    }

    /** deconv2d's iArgs: kH, kW, sH, sW, pH, pW, dH, dW, same mode, data format. */
    private static Geometry deconvGeometry(long[] a, INDArray x, INDArray w, INDArray y) {
        if (!plain(a) || x.rank() != 4 || w.rank() != 4 || y.rank() != 4) {
            return null;
        }
        int k = (int) a[0];
        // the transposed convolution's output is the big side, its input the small side
        Geometry g = new Geometry((int) x.size(0), (int) y.size(1), (int) y.size(2), (int) y.size(3), (int) x.size(1),
                (int) x.size(2), (int) x.size(3), k, (int) a[2], (int) a[4]);
        boolean weights = w.size(0) == k && w.size(1) == k && w.size(2) == g.bc() && w.size(3) == g.sc();
        return weights && y.size(0) == g.batch() && consistent(g) ? g : null;
    }

    /** Square kernel and stride, equal padding, no dilation, explicit (not SAME) padding, NCHW. */
    private static boolean plain(long[] a) {
        return a.length >= 10 && a[0] == a[1] && a[2] == a[3] && a[4] == a[5] && a[6] == 1 && a[7] == 1 && a[8] == 0
                && a[9] == 0;
    }

    private static boolean consistent(Geometry g) {
        return g.sh() == (g.bh() + 2 * g.p() - g.k()) / g.s() + 1 && g.sw() == (g.bw() + 2 * g.p() - g.k()) / g.s() + 1;
    }

    // ---------------------------------------------------------------- the phases' pieces

    /** cols[(ky, kx, c)][b * P + pos] = big_b[c][y*s - p + ky][x*s - p + kx] (0 outside), rows split over members. */
    private static void im2col(Geometry g, FloatBuffer big, FloatBuffer cols, int member, int members) {
        int rows = g.columnRows();
        int[] share = Kernel.share(rows, 1, member, members);
        int n = g.columns();
        int positions = g.smallPositions();
        int bigPositions = g.bigPositions();
        for (int row = share[0]; row < share[1]; row++) {
            int c = row % g.bc();
            int kx = (row / g.bc()) % g.k();
            int ky = row / g.bc() / g.k();
            int at = row * n;
            for (int b = 0; b < g.batch(); b++) {
                int base = (b * g.bc() + c) * bigPositions;
                for (int oy = 0; oy < g.sh(); oy++) {
                    int iy = oy * g.s() - g.p() + ky;
                    int to = at + b * positions + oy * g.sw();
                    if (iy < 0 || iy >= g.bh()) {
                        for (int ox = 0; ox < g.sw(); ox++) {
                            cols.put(to + ox, 0f);
                        }
                        continue;
                    }
                    int rowBase = base + iy * g.bw();
                    for (int ox = 0; ox < g.sw(); ox++) {
                        int ix = ox * g.s() - g.p() + kx;
                        cols.put(to + ox, ix >= 0 && ix < g.bw() ? big.get(rowBase + ix) : 0f);
                    }
                }
            }
        }
    }

    /**
     * big_b[c][iy][ix] = sum of cols entries that im2col would have read from there (+ bias[c]), channels
     * split over members; each value summed over (ky, kx) in order.
     */
    private static void col2im(Geometry g, FloatBuffer cols, FloatBuffer big, FloatBuffer bias, int member, int members) {
        int[] share = Kernel.share(g.bc(), 1, member, members);
        int n = g.columns();
        int positions = g.smallPositions();
        int bigPositions = g.bigPositions();
        for (int c = share[0]; c < share[1]; c++) {
            float start = bias == null ? 0f : bias.get(c);
            for (int b = 0; b < g.batch(); b++) {
                int base = (b * g.bc() + c) * bigPositions;
                for (int i = 0; i < bigPositions; i++) {
                    big.put(base + i, start);
                }
            }
            for (int ky = 0; ky < g.k(); ky++) {
                for (int kx = 0; kx < g.k(); kx++) {
                    int at = ((ky * g.k() + kx) * g.bc() + c) * n;
                    for (int b = 0; b < g.batch(); b++) {
                        int base = (b * g.bc() + c) * bigPositions;
                        for (int oy = 0; oy < g.sh(); oy++) {
                            int iy = oy * g.s() - g.p() + ky;
                            if (iy < 0 || iy >= g.bh()) {
                                continue;
                            }
                            int from = at + b * positions + oy * g.sw();
                            int rowBase = base + iy * g.bw();
                            for (int ox = 0; ox < g.sw(); ox++) {
                                int ix = ox * g.s() - g.p() + kx;
                                if (ix >= 0 && ix < g.bw()) {
                                    big.put(rowBase + ix, big.get(rowBase + ix) + cols.get(from + ox));
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** [B, C, P] -> [C, B*P], channels split over members. */
    private static void toChannelMajor(FloatBuffer from, FloatBuffer to, int batch, int channels, int positions, int member,
            int members) {
        int[] share = Kernel.share(channels, 1, member, members);
        for (int c = share[0]; c < share[1]; c++) {
            for (int b = 0; b < batch; b++) {
                to.put(c * batch * positions + b * positions, from, (b * channels + c) * positions, positions);
            }
        }
    }

    /** [C, B*P] -> [B, C, P] (+ bias per channel), channels split over members. */
    private static void fromChannelMajor(FloatBuffer from, FloatBuffer to, FloatBuffer bias, int batch, int channels,
            int positions, int member, int members) {
        int[] share = Kernel.share(channels, 1, member, members);
        for (int c = share[0]; c < share[1]; c++) {
            for (int b = 0; b < batch; b++) {
                int dst = (b * channels + c) * positions;
                to.put(dst, from, c * batch * positions + b * positions, positions);
                if (bias != null) {
                    float v = bias.get(c);
                    for (int i = 0; i < positions; i++) {
                        to.put(dst + i, to.get(dst + i) + v);
                    }
                }
            }
        }
    }

    /** sums[r] (+)= sum of row r of a [rows, cols] matrix, rows split over members. */
    private static void rowSums(FloatBuffer m, FloatBuffer sums, int rows, int cols, boolean accumulate, int member,
            int members) {
        int[] share = Kernel.share(rows, 1, member, members);
        for (int r = share[0]; r < share[1]; r++) {
            float s = accumulate ? sums.get(r) : 0f;
            for (int i = 0; i < cols; i++) {
                s += m.get(r * cols + i);
            }
            sums.put(r, s);
        }
    }

    /** sums[c] (+)= sum over examples and positions of an NCHW map's channel c, channels split over members. */
    private static void channelSums(FloatBuffer map, FloatBuffer sums, int batch, int channels, int positions,
            boolean accumulate, int member, int members) {
        int[] share = Kernel.share(channels, 1, member, members);
        for (int c = share[0]; c < share[1]; c++) {
            float s = accumulate ? sums.get(c) : 0f;
            for (int b = 0; b < batch; b++) {
                int base = (b * channels + c) * positions;
                for (int i = 0; i < positions; i++) {
                    s += map.get(base + i);
                }
            }
            sums.put(c, s);
        }
    }

    /** This member's rows of C = op(A) op(B) + beta C (row-major). */
    private static void gemm(boolean ta, boolean tb, int m, int n, int k, FloatPointer a, int lda, FloatPointer b, int ldb,
            FloatPointer c, int ldc, float beta, int member, int members) {
        int[] r = MatmulKernel.rowShare(m, member, members);
        MatmulKernel.gemm(ta, tb, r[0], r[1], n, k, a, lda, b, ldb, beta, c, ldc);
    }

    private static FloatBuffer floats(INDArray a) {
        return NativeView.bytes(a).asFloatBuffer();
    }

    private static FloatPointer buffer(LongFunction<INDArray> scratch, long size) {
        return NativeView.pointer(scratch.apply(size));
    }
}
