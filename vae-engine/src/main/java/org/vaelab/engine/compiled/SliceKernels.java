package org.vaelab.engine.compiled;

import java.nio.ByteBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A block of a matrix ({@code strided_slice} with unit strides, as components split an encoder's output into
 * mean and log-variance) and its gradient. ND4J ran both on one thread while the team's other members waited.
 */
final class SliceKernels {

    private SliceKernels() {}

    /**
     * The block a rank-2 {@code strided_slice} takes, from its integer arguments {@code [beginMask, ellipsisMask,
     * endMask, newAxisMask, shrinkAxisMask, begin(2), end(2), strides(2)]} (how ND4J M2.1 lays them out).
     *
     * @return {@code {firstRow, rows, firstColumn, columns}}, or null for anything but a plain block
     */
    static int[] block(long[] args, long rows, long cols) {
        if (args.length != 11 || args[1] != 0 || args[3] != 0 || args[4] != 0 || args[9] != 1 || args[10] != 1) {
            return null;
        }
        long[] size = {rows, cols};
        long[] from = new long[2];
        long[] to = new long[2];
        for (int d = 0; d < 2; d++) {
            from[d] = (args[0] >> d & 1) != 0 ? 0 : clamp(args[5 + d], size[d]);
            to[d] = (args[2] >> d & 1) != 0 ? size[d] : clamp(args[7 + d], size[d]);
            if (to[d] <= from[d]) {
                return null;
            }
        }
        return new int[] {(int) from[0], (int) (to[0] - from[0]), (int) from[1], (int) (to[1] - from[1])};
    }

    private static long clamp(long index, long size) {
        long i = index < 0 ? index + size : index;
        return Math.max(0, Math.min(size, i));
    }

    /** @return {@code out = in[block]}, or null when the output is not that block's shape */
    static Kernel slice(INDArray in, INDArray out, long[] args) {
        if (in.rank() != 2 || out.rank() != 2) {
            return null;
        }
        int cols = (int) in.size(1);
        int[] b = block(args, in.size(0), cols);
        if (b == null || out.size(0) != b[1] || out.size(1) != b[3]) {
            return null;
        }
        ByteBuffer x = NativeView.bytes(in);
        ByteBuffer z = NativeView.bytes(out);
        int width = b[3];
        int rowGrain = Math.max(1, ElementwiseKernels.GRAIN / width);
        return (member, members) -> {
            int[] r = Kernel.share(b[1], rowGrain, member, members);
            for (int row = r[0]; row < r[1]; row++) {
                z.put(4 * row * width, x, 4 * ((b[0] + row) * cols + b[2]), 4 * width);
            }
        };
    }

    /** @return {@code out = zeros with out[block] = grad} (the slice's gradient), or null when not that case */
    static Kernel sliceGradient(INDArray in, INDArray grad, INDArray out, long[] args) {
        if (in.rank() != 2 || grad.rank() != 2 || !java.util.Arrays.equals(in.shape(), out.shape())) {
            return null;
        }
        int rows = (int) in.size(0);
        int cols = (int) in.size(1);
        int[] b = block(args, rows, cols);
        if (b == null || grad.size(0) != b[1] || grad.size(1) != b[3]) {
            return null;
        }
        ByteBuffer g = NativeView.bytes(grad);
        ByteBuffer z = NativeView.bytes(out);
        int width = b[3];
        int rowGrain = Math.max(1, ElementwiseKernels.GRAIN / cols);
        return (member, members) -> {
            int[] r = Kernel.share(rows, rowGrain, member, members);
            for (int row = r[0]; row < r[1]; row++) {
                int at = 4 * row * cols;
                int inside = row - b[0];
                if (inside < 0 || inside >= b[1]) {
                    fillZero(z, at, 4 * cols);
                    continue;
                }
                fillZero(z, at, 4 * b[2]);
                z.put(at + 4 * b[2], g, 4 * inside * width, 4 * width);
                fillZero(z, at + 4 * (b[2] + width), 4 * (cols - b[2] - width));
            }
        };
    }

    private static void fillZero(ByteBuffer z, int from, int bytes) {
        for (int i = 0; i < bytes; i += 4) {
            z.putInt(from + i, 0);
        }
    }
}
