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
 *
 * <p>Inside a kernel the maps are channel-last: a chunk's NCHW map is transposed once into an NHWC copy, so a row of
 * the column matrix (one output position, every (ky, kx, channel)) is {@code k} contiguous runs of {@code k * channels}
 * values, moved with array copies. Gathering NCHW planes value by value, at the stride's step, took about a third of
 * the threads' time on 64x64 dSprites.
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

        /** Values in a kernel window (a row of the column matrix): one per (ky, kx, big channel), in the weights' order. */
        int window() {
            return k * k * bc;
        }

        /** Kernel windows (rows of the column matrix): one per (example, small position). */
        int windows() {
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
            long perExample = (long) g.window() * g.smallPositions();
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

        /** @return the largest chunk's kernel windows (examples x small positions) */
        int windows() {
            return geometry[0].windows();
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
        FloatPointer[] cols = ch.perMember(scratch, (long) g.window() * ch.windows());
        FloatPointer[] product = ch.perMember(scratch, (long) g.sc() * ch.windows());
        FloatBuffer[] colsF = Chunks.buffers(cols);
        FloatBuffer[] productF = Chunks.buffers(product);
        return List.of((m, n) -> {
            ch.checkTeam(n);
            for (int i = m; i < ch.count(); i += n) {
                Geometry c = ch.geometry[i];
                im2col(c, x[i], colsF[m]);
                // y [N, O] = cols [N, K] W [K, O]
                gemm(false, false, c.windows(), c.sc(), c.window(), cols[m], c.window(), w, c.sc(), product[m],
                        c.sc(), 0f);
                fromChannelLast(productF[m], y[i], b, c.batch(), c.sc(), c.smallPositions());
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
        FloatPointer[] cols = ch.perMember(scratch, (long) g.window() * ch.windows());
        FloatPointer[] gradCols = gradXRead ? ch.perMember(scratch, (long) g.window() * ch.windows()) : null;
        FloatPointer[] gradYcl = ch.perMember(scratch, (long) g.sc() * ch.windows());
        FloatBuffer[] colsF = Chunks.buffers(cols);
        FloatBuffer[] gradColsF = gradXRead ? Chunks.buffers(gradCols) : null;
        FloatBuffer[] gradYclF = Chunks.buffers(gradYcl);
        Shares shares = new Shares(ch, scratch, NativeView.pointer(out[1]), (long) g.window() * g.sc(),
                hasBias ? floats(out[2]) : null, g.sc());
        return List.of((m, n) -> {
            ch.checkTeam(n);
            for (int i = m; i < ch.count(); i += n) {
                Geometry c = ch.geometry[i];
                boolean accumulate = i != m;            // this member's first chunk starts its share
                im2col(c, x[i], colsF[m]);
                toChannelLast(gy[i], gradYclF[m], c.batch(), c.sc(), c.smallPositions());
                // gradW [K, O] (+)= cols^T [K, N] gradY [N, O]; gradCols [N, K] = gradY [N, O] W^T [O, K]
                gemm(true, false, c.window(), c.sc(), c.windows(), cols[m], c.window(), gradYcl[m], c.sc(),
                        shares.weights[m], c.sc(), accumulate ? 1f : 0f);
                if (shares.bias != null) {
                    channelSums(gy[i], shares.bias[m], c.batch(), c.sc(), c.smallPositions(), accumulate);
                }
                if (gradXRead) {
                    gemm(false, true, c.windows(), c.window(), c.sc(), gradYcl[m], c.sc(), w, c.sc(), gradCols[m],
                            c.window(), 0f);
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
        FloatPointer[] xcl = ch.perMember(scratch, (long) g.sc() * ch.windows());
        FloatPointer[] cols = ch.perMember(scratch, (long) g.window() * ch.windows());
        FloatBuffer[] xclF = Chunks.buffers(xcl);
        FloatBuffer[] colsF = Chunks.buffers(cols);
        return List.of((m, n) -> {
            ch.checkTeam(n);
            for (int i = m; i < ch.count(); i += n) {
                Geometry c = ch.geometry[i];
                toChannelLast(x[i], xclF[m], c.batch(), c.sc(), c.smallPositions());
                // cols [N, K'] = x [N, Ci] W^T [Ci, K']
                gemm(false, true, c.windows(), c.window(), c.sc(), xcl[m], c.sc(), w, c.sc(), cols[m],
                        c.window(), 0f);
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
        FloatPointer[] cols = ch.perMember(scratch, (long) g.window() * ch.windows());
        FloatPointer[] xcl = ch.perMember(scratch, (long) g.sc() * ch.windows());
        FloatPointer[] gradXcl = ch.perMember(scratch, (long) g.sc() * ch.windows());
        FloatBuffer[] colsF = Chunks.buffers(cols);
        FloatBuffer[] xclF = Chunks.buffers(xcl);
        FloatBuffer[] gradXclF = Chunks.buffers(gradXcl);
        Shares shares = new Shares(ch, scratch, NativeView.pointer(out[1]), (long) g.window() * g.sc(),
                hasBias ? floats(out[2]) : null, g.bc());
        return List.of((m, n) -> {
            ch.checkTeam(n);
            for (int i = m; i < ch.count(); i += n) {
                Geometry c = ch.geometry[i];
                boolean accumulate = i != m;            // this member's first chunk starts its share
                im2col(c, gy[i], colsF[m]);
                toChannelLast(x[i], xclF[m], c.batch(), c.sc(), c.smallPositions());
                if (shares.bias != null) {
                    channelSums(gy[i], shares.bias[m], c.batch(), c.bc(), c.bigPositions(), accumulate);
                }
                // gradX [N, Ci] = cols [N, K'] W [K', Ci]; gradW [K', Ci] (+)= cols^T [K', N] x [N, Ci]
                gemm(false, false, c.windows(), c.sc(), c.window(), cols[m], c.window(), w, c.sc(), gradXcl[m],
                        c.sc(), 0f);
                gemm(true, false, c.window(), c.sc(), c.windows(), cols[m], c.window(), xcl[m], c.sc(),
                        shares.weights[m], c.sc(), accumulate ? 1f : 0f);
                fromChannelLast(gradXclF[m], gx[i], null, c.batch(), c.sc(), c.smallPositions());
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
     * Each thread's working copies on the Java heap: a direct buffer's per-value get and put (index and scope checks
     * on every access) made the gather and scatter loops cost more than the products. The loops run on arrays, and
     * the blocks move in and out with bulk copies. Slots: 0 a block of the column matrix, 1 the channel-last map with
     * its zero padding, 2 an NCHW map as the op reads or writes it, 3 a channel-last copy of it.
     */
    private static final ThreadLocal<float[][]> WORK = ThreadLocal.withInitial(() -> new float[4][0]);

    private static float[] work(int slot, int length) {
        float[][] w = WORK.get();
        if (w[slot].length < length) {
            w[slot] = new float[length];
        }
        return w[slot];
    }

    /**
     * cols[b * P + y * sw + x][(ky * k + kx) * C + c] = big_b[c][y*s - p + ky][x*s - p + kx] (0 outside): a row per
     * small position, in the weights' order. In the padded channel-last map each (position, ky) is one run of
     * {@code k * C} values; an output row of positions is gathered into a heap block and copied out in bulk.
     */
    private static void im2col(Geometry g, FloatBuffer bigMap, FloatBuffer colsOut) {
        int bc = g.bc(), k = g.k(), s = g.s(), sh = g.sh(), sw = g.sw();
        int ph = g.bh() + 2 * g.p(), pw = g.bw() + 2 * g.p();
        int rowLength = g.window();
        int run = k * bc;                          // one kernel row's values for one position
        float[] padded = paddedChannelLast(g, bigMap);
        float[] block = work(0, sw * rowLength);   // one output row of positions
        for (int b = 0; b < g.batch(); b++) {
            for (int oy = 0; oy < sh; oy++) {
                for (int ox = 0; ox < sw; ox++) {
                    int to = ox * rowLength;
                    int from = ((b * ph + oy * s) * pw + ox * s) * bc;
                    for (int ky = 0; ky < k; ky++) {
                        System.arraycopy(padded, from + ky * pw * bc, block, to + ky * run, run);
                    }
                }
                colsOut.put((b * sh + oy) * sw * rowLength, block, 0, sw * rowLength);
            }
        }
    }

    /** The chunk's NCHW big map, channel-last, inside a border of p zeros on each side: [B, bh + 2p, bw + 2p, C]. */
    private static float[] paddedChannelLast(Geometry g, FloatBuffer bigMap) {
        int bc = g.bc(), bh = g.bh(), bw = g.bw(), p = g.p();
        int ph = bh + 2 * p, pw = bw + 2 * p;
        int plane = bh * bw;
        float[] map = work(2, g.batch() * bc * plane);
        bigMap.get(0, map, 0, g.batch() * bc * plane);
        float[] padded = work(1, g.batch() * ph * pw * bc);
        if (p > 0) {
            java.util.Arrays.fill(padded, 0, g.batch() * ph * pw * bc, 0f);
        }
        for (int b = 0; b < g.batch(); b++) {
            for (int c = 0; c < bc; c++) {
                int src = (b * bc + c) * plane;
                for (int y = 0; y < bh; y++) {
                    int dst = ((b * ph + y + p) * pw + p) * bc + c;
                    for (int x = 0; x < bw; x++) {
                        padded[dst + x * bc] = map[src + y * bw + x];
                    }
                }
            }
        }
        return padded;
    }

    /**
     * big_b[c][iy][ix] = sum of the cols entries that im2col would have read from there (+ bias[c]), summed in the
     * order of the small positions, then (ky, kx). Accumulated channel-last inside a border of p (whose sums are
     * dropped), so the scatter is {@code k} runs of {@code k * C} additions per (position, ky), with no bounds tests.
     */
    private static void col2im(Geometry g, FloatBuffer colsIn, FloatBuffer bigMap, FloatBuffer bias) {
        int bc = g.bc(), bh = g.bh(), bw = g.bw(), k = g.k(), s = g.s(), p = g.p(), sh = g.sh(), sw = g.sw();
        int ph = bh + 2 * p, pw = bw + 2 * p;
        int rowLength = g.window();
        int run = k * bc;
        float[] block = work(0, sw * rowLength);
        float[] padded = work(1, g.batch() * ph * pw * bc);
        java.util.Arrays.fill(padded, 0, g.batch() * ph * pw * bc, 0f);
        for (int b = 0; b < g.batch(); b++) {
            for (int oy = 0; oy < sh; oy++) {
                colsIn.get((b * sh + oy) * sw * rowLength, block, 0, sw * rowLength);
                for (int ox = 0; ox < sw; ox++) {
                    int from = ox * rowLength;
                    int to = ((b * ph + oy * s) * pw + ox * s) * bc;
                    for (int ky = 0; ky < k; ky++) {
                        add(block, from + ky * run, padded, to + ky * pw * bc, run);
                    }
                }
            }
        }
        int plane = bh * bw;
        float[] map = work(2, g.batch() * bc * plane);
        for (int b = 0; b < g.batch(); b++) {
            for (int c = 0; c < bc; c++) {
                float start = bias == null ? 0f : bias.get(c);
                int dst = (b * bc + c) * plane;
                for (int y = 0; y < bh; y++) {
                    int src = ((b * ph + y + p) * pw + p) * bc + c;
                    for (int x = 0; x < bw; x++) {
                        map[dst + y * bw + x] = start + padded[src + x * bc];
                    }
                }
            }
        }
        bigMap.put(0, map, 0, g.batch() * bc * plane);
    }

    /** to[at + i] += from[start + i] for i below length: a loop the JIT vectorises. */
    private static void add(float[] from, int start, float[] to, int at, int length) {
        for (int i = 0; i < length; i++) {
            to[at + i] += from[start + i];
        }
    }

    /** [B, C, P] -> [B, P, C]. */
    private static void toChannelLast(FloatBuffer from, FloatBuffer to, int batch, int channels, int positions) {
        transpose(from, to, batch, channels, positions, null);
    }

    /** [B, P, C] -> [B, C, P] (+ bias per channel). */
    private static void fromChannelLast(FloatBuffer from, FloatBuffer to, FloatBuffer bias, int batch, int channels,
            int positions) {
        transpose(from, to, batch, positions, channels, bias);
    }

    /** out[b][j][i] = (add[j] +) in[b][i][j]: each example's [rows, cols] matrix transposed, through heap copies. */
    private static void transpose(FloatBuffer from, FloatBuffer to, int batch, int rows, int cols, FloatBuffer add) {
        int length = batch * rows * cols;
        float[] in = work(2, length);
        float[] out = work(3, length);
        from.get(0, in, 0, length);
        for (int b = 0; b < batch; b++) {
            int base = b * rows * cols;
            for (int j = 0; j < cols; j++) {
                int dst = base + j * rows;
                if (add == null) {
                    for (int i = 0; i < rows; i++) {
                        out[dst + i] = in[base + i * cols + j];
                    }
                    continue;
                }
                float start = add.get(j);
                for (int i = 0; i < rows; i++) {
                    out[dst + i] = start + in[base + i * cols + j];
                }
            }
        }
        to.put(0, out, 0, length);
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
