package org.vaelab.engine.compiled;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.function.LongFunction;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * 2-D convolutions and transposed convolutions (NCHW, weights {@code [kH, kW, in, out]} and
 * {@code [kH, kW, out, in]}, square kernels, no dilation, explicit padding) and their gradients, as
 * im2col/col2im around BLAS products, a chunk of the batch at a time, each member of the team running its own
 * chunks. ND4J's own convolution kernels are the measured bottleneck of convolutional VAEs (docs/performance.md).
 * Every value is summed in a fixed order for a given number of threads.
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

    /**
     * The batch's chunks and each member's scratch. Each member takes every {@code members}-th chunk and runs it
     * alone, from im2col through its single-threaded products to the scatter, so the members meet only at the end
     * of the op (and once more to add up their shares of the weights' gradients), not between every step of every
     * chunk. Each chunk's geometry and slices of the op's maps are made here, once.
     */
    private static final class Chunks {
        final int members;
        final Geometry[] geometry;
        final int[] first;

        Chunks(Geometry g, int members) {
            this.members = members;
            long perExample = (long) g.columnRows() * g.smallPositions();
            int byBudget = (int) Math.max(1, Math.min(g.batch(), columnBudget / perExample));
            // as many chunks as the budget needs, rounded up to a multiple of the team so every member gets as much
            // work (7 chunks of 20 at batch 128 left one thread idle for a seventh of every op)
            int wanted = (g.batch() + byBudget - 1) / byBudget;
            wanted = (wanted + members - 1) / members * members;
            int size = Math.max(1, (g.batch() + wanted - 1) / wanted);
            int count = (g.batch() + size - 1) / size;
            geometry = new Geometry[count];
            first = new int[count];
            for (int i = 0; i < count; i++) {
                first[i] = i * size;
                geometry[i] = g.examples(Math.min(size, g.batch() - first[i]));
            }
        }

        int count() {
            return geometry.length;
        }

        /** @return the largest chunk's column count (examples x small positions) */
        int columns() {
            return geometry[0].columns();
        }

        /** Slices of a big-side map, one per chunk. */
        FloatBuffer[] big(Geometry g, FloatBuffer map) {
            FloatBuffer[] s = new FloatBuffer[count()];
            for (int i = 0; i < s.length; i++) {
                s[i] = g.big(map, first[i], geometry[i].batch());
            }
            return s;
        }

        /** Slices of a small-side map, one per chunk. */
        FloatBuffer[] small(Geometry g, FloatBuffer map) {
            FloatBuffer[] s = new FloatBuffer[count()];
            for (int i = 0; i < s.length; i++) {
                s[i] = g.small(map, first[i], geometry[i].batch());
            }
            return s;
        }

        /** One scratch buffer of {@code length} floats per member. */
        FloatPointer[] perMember(LongFunction<INDArray> scratch, long length) {
            FloatPointer[] p = new FloatPointer[members];
            for (int m = 0; m < members; m++) {
                p[m] = buffer(scratch, length);
            }
            return p;
        }

        static FloatBuffer[] buffers(FloatPointer[] pointers) {
            FloatBuffer[] b = new FloatBuffer[pointers.length];
            for (int m = 0; m < b.length; m++) {
                b[m] = pointers[m].asBuffer();
            }
            return b;
        }

        void checkTeam(int n) {
            if (n != members) {
                throw new IllegalStateException("a convolution bound for " + members + " threads ran on " + n);
            }
        }
    }

    /** conv2d: {@code [x, w, (b)] -> [y]}; null when the configuration is not covered. */
    static List<Kernel> conv(long[] iArgs, INDArray[] in, INDArray[] out, LongFunction<INDArray> scratch, int members) {
        Geometry g = convGeometry(iArgs, in[0], in[1], out[0]);
        if (g == null || in.length > 3 || in.length == 3 && in[2].length() != g.sc()) {
            return null;
        }
        Chunks ch = new Chunks(g, members);
        FloatBuffer b = in.length == 3 ? floats(in[2]) : null;
        FloatPointer w = NativeView.pointer(in[1]);
        FloatBuffer[] x = ch.big(g, floats(in[0]));
        FloatBuffer[] y = ch.small(g, floats(out[0]));
        FloatPointer[] cols = ch.perMember(scratch, (long) g.columnRows() * ch.columns());
        FloatPointer[] product = ch.perMember(scratch, (long) g.sc() * ch.columns());
        FloatBuffer[] colsF = Chunks.buffers(cols);
        FloatBuffer[] productF = Chunks.buffers(product);
        return List.of((m, n) -> {
            ch.checkTeam(n);
            for (int i = m; i < ch.count(); i += n) {
                Geometry c = ch.geometry[i];
                im2col(c, x[i], colsF[m]);
                gemm(true, false, c.sc(), c.columns(), c.columnRows(), w, c.sc(), cols[m], c.columns(), product[m],
                        c.columns(), 0f);
                fromChannelMajor(productF[m], y[i], b, c.batch(), c.sc(), c.smallPositions());
            }
        });
    }

    /** conv2d_bp: {@code [x, w, (b), gradY] -> [gradX, gradW, (gradB)]}; gradX left unwritten unless {@code gradXRead}. */
    static List<Kernel> convGradient(long[] iArgs, INDArray[] in, INDArray[] out, boolean gradXRead,
            LongFunction<INDArray> scratch, int members) {
        boolean hasBias = in.length == 4;
        INDArray gradY = in[in.length - 1];
        Geometry g = convGeometry(iArgs, in[0], in[1], gradY);
        if (g == null || out.length != (hasBias ? 3 : 2)) {
            return null;
        }
        Chunks ch = new Chunks(g, members);
        FloatPointer w = NativeView.pointer(in[1]);
        FloatBuffer[] x = ch.big(g, floats(in[0]));
        FloatBuffer[] gy = ch.small(g, floats(gradY));
        FloatBuffer[] gx = ch.big(g, floats(out[0]));
        FloatPointer[] cols = ch.perMember(scratch, (long) g.columnRows() * ch.columns());
        FloatPointer[] gradCols = gradXRead ? ch.perMember(scratch, (long) g.columnRows() * ch.columns()) : null;
        FloatPointer[] gradYcm = ch.perMember(scratch, (long) g.sc() * ch.columns());
        FloatBuffer[] colsF = Chunks.buffers(cols);
        FloatBuffer[] gradColsF = gradXRead ? Chunks.buffers(gradCols) : null;
        FloatBuffer[] gradYcmF = Chunks.buffers(gradYcm);
        Shares shares = new Shares(ch, scratch, NativeView.pointer(out[1]), (long) g.columnRows() * g.sc(),
                hasBias ? floats(out[2]) : null, g.sc());
        return List.of((m, n) -> {
            ch.checkTeam(n);
            for (int i = m; i < ch.count(); i += n) {
                Geometry c = ch.geometry[i];
                boolean accumulate = i != m;            // this member's first chunk starts its share
                im2col(c, x[i], colsF[m]);
                toChannelMajor(gy[i], gradYcmF[m], c.batch(), c.sc(), c.smallPositions());
                // gradW [K, O] (+)= cols [K, N] gradY^T [N, O]; gradCols [K, N] = W [K, O] gradY [O, N]
                gemm(false, true, c.columnRows(), c.sc(), c.columns(), cols[m], c.columns(), gradYcm[m], c.columns(),
                        shares.weights[m], c.sc(), accumulate ? 1f : 0f);
                if (shares.bias != null) {
                    rowSums(gradYcmF[m], shares.bias[m], c.sc(), c.columns(), accumulate);
                }
                if (gradXRead) {
                    gemm(false, false, c.columnRows(), c.columns(), c.sc(), w, c.sc(), gradYcm[m], c.columns(),
                            gradCols[m], c.columns(), 0f);
                    col2im(c, gradColsF[m], gx[i], null);
                }
            }
        }, shares::addUp);
    }

    /** deconv2d: {@code [x, w, (b)] -> [y]}. */
    static List<Kernel> deconv(long[] iArgs, INDArray[] in, INDArray[] out, LongFunction<INDArray> scratch, int members) {
        Geometry g = deconvGeometry(iArgs, in[0], in[1], out[0]);
        if (g == null || in.length > 3 || in.length == 3 && in[2].length() != g.bc()) {
            return null;
        }
        Chunks ch = new Chunks(g, members);
        FloatBuffer b = in.length == 3 ? floats(in[2]) : null;
        FloatPointer w = NativeView.pointer(in[1]);
        FloatBuffer[] x = ch.small(g, floats(in[0]));
        FloatBuffer[] y = ch.big(g, floats(out[0]));
        FloatPointer[] xcm = ch.perMember(scratch, (long) g.sc() * ch.columns());
        FloatPointer[] cols = ch.perMember(scratch, (long) g.columnRows() * ch.columns());
        FloatBuffer[] xcmF = Chunks.buffers(xcm);
        FloatBuffer[] colsF = Chunks.buffers(cols);
        return List.of((m, n) -> {
            ch.checkTeam(n);
            for (int i = m; i < ch.count(); i += n) {
                Geometry c = ch.geometry[i];
                toChannelMajor(x[i], xcmF[m], c.batch(), c.sc(), c.smallPositions());
                // cols [K', N] = W [K', Ci] x [Ci, N]
                gemm(false, false, c.columnRows(), c.columns(), c.sc(), w, c.sc(), xcm[m], c.columns(), cols[m],
                        c.columns(), 0f);
                col2im(c, colsF[m], y[i], b);
            }
        });
    }

    /** deconv2d_bp: {@code [x, w, (b), gradY] -> [gradX, gradW, (gradB)]}. */
    static List<Kernel> deconvGradient(long[] iArgs, INDArray[] in, INDArray[] out, LongFunction<INDArray> scratch,
            int members) {
        boolean hasBias = in.length == 4;
        INDArray gradY = in[in.length - 1];
        Geometry g = deconvGeometry(iArgs, in[0], in[1], gradY);
        if (g == null || out.length != (hasBias ? 3 : 2)) {
            return null;
        }
        Chunks ch = new Chunks(g, members);
        FloatPointer w = NativeView.pointer(in[1]);
        FloatBuffer[] x = ch.small(g, floats(in[0]));
        FloatBuffer[] gy = ch.big(g, floats(gradY));
        FloatBuffer[] gx = ch.small(g, floats(out[0]));
        FloatPointer[] cols = ch.perMember(scratch, (long) g.columnRows() * ch.columns());
        FloatPointer[] xcm = ch.perMember(scratch, (long) g.sc() * ch.columns());
        FloatPointer[] gradXcm = ch.perMember(scratch, (long) g.sc() * ch.columns());
        FloatBuffer[] colsF = Chunks.buffers(cols);
        FloatBuffer[] xcmF = Chunks.buffers(xcm);
        FloatBuffer[] gradXcmF = Chunks.buffers(gradXcm);
        Shares shares = new Shares(ch, scratch, NativeView.pointer(out[1]), (long) g.columnRows() * g.sc(),
                hasBias ? floats(out[2]) : null, g.bc());
        return List.of((m, n) -> {
            ch.checkTeam(n);
            for (int i = m; i < ch.count(); i += n) {
                Geometry c = ch.geometry[i];
                boolean accumulate = i != m;            // this member's first chunk starts its share
                im2col(c, gy[i], colsF[m]);
                toChannelMajor(x[i], xcmF[m], c.batch(), c.sc(), c.smallPositions());
                if (shares.bias != null) {
                    channelSums(gy[i], shares.bias[m], c.batch(), c.bc(), c.bigPositions(), accumulate);
                }
                // gradX [Ci, N] = W^T [Ci, K'] cols [K', N]; gradW [K', Ci] (+)= cols [K', N] x^T [N, Ci]
                gemm(true, false, c.sc(), c.columns(), c.columnRows(), w, c.sc(), cols[m], c.columns(), gradXcm[m],
                        c.columns(), 0f);
                gemm(false, true, c.columnRows(), c.sc(), c.columns(), cols[m], c.columns(), xcm[m], c.columns(),
                        shares.weights[m], c.sc(), accumulate ? 1f : 0f);
                fromChannelMajor(gradXcmF[m], gx[i], null, c.batch(), c.sc(), c.smallPositions());
            }
        }, shares::addUp);
    }

    /**
     * Each member's share of the weights' (and bias's) gradient over its chunks: member 0 writes the op's outputs
     * themselves, the others scratch buffers, which {@link #addUp} then adds in, member by member, in order.
     */
    private static final class Shares {
        final FloatPointer[] weights;
        final FloatBuffer[] bias;
        private final FloatBuffer[] weightValues;
        private final int members;

        Shares(Chunks ch, LongFunction<INDArray> scratch, FloatPointer gradW, long weightLength, FloatBuffer gradB,
                int biasLength) {
            members = Math.min(ch.members, ch.count());        // members without a chunk have no share
            weights = new FloatPointer[ch.members];
            weights[0] = gradW;
            bias = gradB == null ? null : new FloatBuffer[ch.members];
            if (bias != null) {
                bias[0] = gradB;
            }
            for (int m = 1; m < members; m++) {
                weights[m] = buffer(scratch, weightLength);
                if (bias != null) {
                    bias[m] = buffer(scratch, biasLength).asBuffer();
                }
            }
            weightValues = Chunks.buffers(java.util.Arrays.copyOf(weights, members));
        }

        /** gradW (and gradB) += the other members' shares; the weights' values split over the members. */
        void addUp(int member, int n) {
            FloatBuffer total = weightValues[0];
            int[] part = Kernel.share(total.capacity(), 256, member, n);
            for (int m = 1; m < members; m++) {
                FloatBuffer share = weightValues[m];
                for (int i = part[0]; i < part[1]; i++) {
                    total.put(i, total.get(i) + share.get(i));
                }
            }
            if (bias != null && member == 0) {
                for (int m = 1; m < members; m++) {
                    for (int i = 0; i < bias[0].capacity(); i++) {
                        bias[0].put(i, bias[0].get(i) + bias[m].get(i));
                    }
                }
            }
        }
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

    /**
     * Each thread's working copies of a chunk's map and column matrix, on the Java heap: a direct buffer's
     * per-value get and put (index and scope checks on every access) made the gather and scatter loops cost
     * more than the products. The loops run on arrays, and the blocks move in and out with bulk copies.
     * Slots: 0 a row of the column matrix, 1 the map with its zero padding, 2 the map as the op reads or writes it.
     */
    private static final ThreadLocal<float[][]> WORK = ThreadLocal.withInitial(() -> new float[3][0]);

    private static float[] work(int slot, int length) {
        float[][] w = WORK.get();
        if (w[slot].length < length) {
            w[slot] = new float[length];
        }
        return w[slot];
    }

    /**
     * cols[(ky, kx, c)][b * P + pos] = big_b[c][y*s - p + ky][x*s - p + kx] (0 outside). The map is first
     * copied inside a border of p zeros, so every kernel position reads inside it: the gather has no bounds tests.
     */
    private static void im2col(Geometry g, FloatBuffer bigMap, FloatBuffer colsOut) {
        int rows = g.columnRows();
        int n = g.columns();
        int bc = g.bc(), k = g.k();
        int ph = g.bh() + 2 * g.p(), pw = g.bw() + 2 * g.p();
        int positions = g.smallPositions();
        int[] offsets = offsets(g, pw);
        float[] padded = padded(g, bigMap);
        float[] run = work(0, n);                  // one row of the column matrix: stays in the L1 cache
        for (int row = 0; row < rows; row++) {
            int c = row % bc;
            int kx = (row / bc) % k;
            int ky = row / bc / k;
            for (int b = 0; b < g.batch(); b++) {
                int corner = ((b * bc + c) * ph + ky) * pw + kx;
                int to = b * positions;
                for (int pos = 0; pos < positions; pos++) {
                    run[to + pos] = padded[corner + offsets[pos]];
                }
            }
            colsOut.put(row * n, run, 0, n);
        }
    }

    /**
     * Where each small position's kernel window starts in a padded plane whose rows are {@code pw} long: one
     * loop over a whole plane's positions instead of a loop per row of 7 or 14 (too short for the JIT's unrolling).
     */
    private static int[] offsets(Geometry g, int pw) {
        int[] offsets = new int[g.smallPositions()];
        for (int oy = 0; oy < g.sh(); oy++) {
            for (int ox = 0; ox < g.sw(); ox++) {
                offsets[oy * g.sw() + ox] = oy * g.s() * pw + ox * g.s();
            }
        }
        return offsets;
    }

    /** The chunk's big map inside a border of p zeros on each side (the map itself where p is 0). */
    private static float[] padded(Geometry g, FloatBuffer bigMap) {
        int planes = g.batch() * g.bc();
        int bh = g.bh(), bw = g.bw(), p = g.p();
        int ph = bh + 2 * p, pw = bw + 2 * p;
        if (p == 0) {
            float[] map = work(1, planes * bh * bw);
            bigMap.get(0, map, 0, planes * bh * bw);
            return map;
        }
        float[] map = work(2, planes * bh * bw);
        bigMap.get(0, map, 0, planes * bh * bw);
        float[] padded = work(1, planes * ph * pw);
        java.util.Arrays.fill(padded, 0, planes * ph * pw, 0f);
        for (int plane = 0; plane < planes; plane++) {
            for (int y = 0; y < bh; y++) {
                System.arraycopy(map, (plane * bh + y) * bw, padded, (plane * ph + y + p) * pw + p, bw);
            }
        }
        return padded;
    }

    /**
     * big_b[c][iy][ix] = sum of cols entries that im2col would have read from there (+ bias[c]), each value
     * summed over (ky, kx) in order. Accumulated inside a border of p (whose sums are dropped), so the scatter
     * has no bounds tests either.
     */
    private static void col2im(Geometry g, FloatBuffer colsIn, FloatBuffer bigMap, FloatBuffer bias) {
        int n = g.columns();
        int bc = g.bc(), bh = g.bh(), bw = g.bw(), k = g.k(), p = g.p();
        int ph = bh + 2 * p, pw = bw + 2 * p;
        int planes = g.batch() * bc;
        int positions = g.smallPositions();
        int[] offsets = offsets(g, pw);
        float[] run = work(0, n);                  // one row of the column matrix
        float[] padded = work(1, planes * ph * pw);
        for (int c = 0; c < bc; c++) {
            float start = bias == null ? 0f : bias.get(c);
            for (int b = 0; b < g.batch(); b++) {
                int plane = (b * bc + c) * ph * pw;
                java.util.Arrays.fill(padded, plane, plane + ph * pw, start);
            }
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                    colsIn.get(((ky * k + kx) * bc + c) * n, run, 0, n);
                    for (int b = 0; b < g.batch(); b++) {
                        int corner = ((b * bc + c) * ph + ky) * pw + kx;
                        int from = b * positions;
                        for (int pos = 0; pos < positions; pos++) {
                            padded[corner + offsets[pos]] += run[from + pos];
                        }
                    }
                }
            }
        }
        if (p == 0) {
            bigMap.put(0, padded, 0, planes * bh * bw);
            return;
        }
        float[] map = work(2, planes * bh * bw);
        for (int plane = 0; plane < planes; plane++) {
            for (int y = 0; y < bh; y++) {
                System.arraycopy(padded, (plane * ph + y + p) * pw + p, map, (plane * bh + y) * bw, bw);
            }
        }
        bigMap.put(0, map, 0, planes * bh * bw);
    }

    /** [B, C, P] -> [C, B*P]. */
    private static void toChannelMajor(FloatBuffer from, FloatBuffer to, int batch, int channels, int positions) {
        for (int c = 0; c < channels; c++) {
            for (int b = 0; b < batch; b++) {
                to.put(c * batch * positions + b * positions, from, (b * channels + c) * positions, positions);
            }
        }
    }

    /** [C, B*P] -> [B, C, P] (+ bias per channel). */
    private static void fromChannelMajor(FloatBuffer from, FloatBuffer to, FloatBuffer bias, int batch, int channels,
            int positions) {
        float[] run = bias == null ? null : new float[positions];
        for (int c = 0; c < channels; c++) {
            for (int b = 0; b < batch; b++) {
                int dst = (b * channels + c) * positions;
                if (bias == null) {
                    to.put(dst, from, c * batch * positions + b * positions, positions);
                    continue;
                }
                from.get(c * batch * positions + b * positions, run, 0, positions);
                float v = bias.get(c);
                for (int i = 0; i < positions; i++) {
                    run[i] += v;
                }
                to.put(dst, run, 0, positions);
            }
        }
    }

    /** sums[r] (+)= sum of row r of a [rows, cols] matrix. */
    private static void rowSums(FloatBuffer m, FloatBuffer sums, int rows, int cols, boolean accumulate) {
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            double s = accumulate ? sums.get(r) : 0;          // in double: a bias gradient sums values that cancel
            m.get(r * cols, row, 0, cols);
            for (int i = 0; i < cols; i++) {
                s += row[i];
            }
            sums.put(r, (float) s);
        }
    }

    /** sums[c] (+)= sum over examples and positions of an NCHW map's channel c. */
    private static void channelSums(FloatBuffer map, FloatBuffer sums, int batch, int channels, int positions,
            boolean accumulate) {
        float[] run = new float[positions];
        for (int c = 0; c < channels; c++) {
            double s = accumulate ? sums.get(c) : 0;
            for (int b = 0; b < batch; b++) {
                map.get((b * channels + c) * positions, run, 0, positions);
                for (int i = 0; i < positions; i++) {
                    s += run[i];
                }
            }
            sums.put(c, (float) s);
        }
    }

    /** C = op(A) op(B) + beta C (row-major), on the calling thread. */
    private static void gemm(boolean ta, boolean tb, int m, int n, int k, FloatPointer a, int lda, FloatPointer b, int ldb,
            FloatPointer c, int ldc, float beta) {
        MatmulKernel.gemm(ta, tb, 0, m, n, k, a, lda, b, ldb, beta, c, ldc);
    }

    private static FloatBuffer floats(INDArray a) {
        return NativeView.bytes(a).asFloatBuffer();
    }

    private static FloatPointer buffer(LongFunction<INDArray> scratch, long size) {
        return NativeView.pointer(scratch.apply(size));
    }
}
