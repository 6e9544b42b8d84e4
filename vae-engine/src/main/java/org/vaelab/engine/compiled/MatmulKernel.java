package org.vaelab.engine.compiled;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.nio.ByteBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Matrix products ({@code matmul}, and {@code xw_plus_b} with its bias) straight into the BLAS that ND4J
 * loads, split by rows of the result (or by columns, where it has more columns than rows) so each member of
 * the team calls a single-threaded {@code cblas_sgemm} on its block. ND4J's own matmul lets OpenMP and the BLAS's threads compete for the
 * same cores, which measured at a third of this rate on a VAE's products (docs/performance.md).
 */
final class MatmulKernel {

    static {
        Loader.load(openblas_nolapack.class);      // the BLAS ND4J itself uses (OpenBLAS, or MKL if configured)
    }

    /** The fewest columns split by column blocks: narrower products stay split by rows. */
    static final int COLUMN_SPLIT_MIN = 64;

    /** The fewest rows of a product with A transposed (a weight's gradient) that stays split by rows. */
    static final int ROW_SPLIT_MIN_TRANSPOSED = 64;

    /**
     * The most rows per member a product split by columns may have: with more, each member's block of rows is tall
     * enough that split by rows ran faster (timed alone on 2 threads, batch times a 512 x 784 weight: 128 rows each
     * 1,618 us by columns against 1,738 by rows, 256 rows each 6,581 against 6,174; 4,096 columns alike).
     */
    static final int COLUMN_SPLIT_MAX_ROWS_PER_MEMBER = 128;

    private MatmulKernel() {}

    /**
     * @param op a matmul op
     * @return {@code {ta, tb}} where it is a plain product of its two inputs (no scaling, no transposed result),
     *     else null
     */
    static boolean[] plainTransposes(org.nd4j.linalg.api.ops.DynamicCustomOp op) {
        long[] i = op.iArgs();
        double[] t = op.tArgs();
        boolean tz = i.length > 2 && i[2] != 0;
        boolean plain = (t.length == 0 || t[0] == 1.0) && (t.length < 2 || t[1] == 0.0);
        return plain && !tz ? new boolean[] {i.length > 0 && i[0] != 0, i.length > 1 && i[1] != 0} : null;
    }

    /**
     * {@code out = op(a) op(b) (+ bias per column)}, all rank 2.
     *
     * @return the kernel, or null when the arrays are not plain rank-2 float matrices
     */
    static Kernel product(INDArray a, boolean ta, INDArray b, boolean tb, INDArray bias, INDArray out) {
        return product(a, ta, b, tb, bias, out, null);
    }

    /**
     * Work a member does on its own block of a product's result right after computing it, while the block is
     * still in cache (a fused activation or its gradient's mask).
     */
    interface Epilogue {
        /** Rows {@code [rowFrom, rowTo)}, columns {@code [colFrom, colTo)} of the result. */
        void apply(int rowFrom, int rowTo, int colFrom, int colTo);
    }

    /**
     * {@link #product(INDArray, boolean, INDArray, boolean, INDArray, INDArray)}, each member then running
     * {@code epilogue} (if not null) on its block.
     */
    static Kernel product(INDArray a, boolean ta, INDArray b, boolean tb, INDArray bias, INDArray out, Epilogue epilogue) {
        if (a.rank() != 2 || b.rank() != 2 || out.rank() != 2) {
            return null;
        }
        int m = (int) (ta ? a.size(1) : a.size(0));
        int k = (int) (ta ? a.size(0) : a.size(1));
        int n = (int) (tb ? b.size(0) : b.size(1));
        if ((tb ? b.size(1) : b.size(0)) != k || out.size(0) != m || out.size(1) != n
                || bias != null && bias.length() != n) {
            return null;
        }
        FloatPointer pa = NativeView.pointer(a);
        FloatPointer pb = NativeView.pointer(b);
        FloatPointer pc = NativeView.pointer(out);
        ByteBuffer zc = bias == null ? null : NativeView.bytes(out);
        ByteBuffer bb = bias == null ? null : NativeView.bytes(bias);
        int lda = (int) a.size(1);
        int ldb = (int) b.size(1);
        if (n > m && n >= COLUMN_SPLIT_MIN && !(ta && m >= ROW_SPLIT_MIN_TRANSPOSED)) {
            // more columns than rows (a batch times a weight wider than the batch): each member computes a block of
            // columns and reads its part of B; split by rows, every member would stream all of B (the MLP VAE on
            // 64x64 images: 10% of a step, docs/performance.md). Not for a weight's gradient (A transposed, the
            // batch its inner dimension) with rows enough: the BLAS ran those 8-25% faster split by rows. Nor
            // where each member's rows are many (the team's size is known only when it runs).
            return (member, members) -> {
                if (m > COLUMN_SPLIT_MAX_ROWS_PER_MEMBER * members) {
                    productRows(ta, tb, m, n, k, pa, lda, pb, ldb, bias, zc, bb, pc, member, members, epilogue);
                    return;
                }
                int[] c = Kernel.share(n, 16, member, members);
                if (c[0] >= c[1]) {
                    return;
                }
                if (bias != null) {
                    for (int row = 0; row < m; row++) {
                        zc.put(4 * (row * n + c[0]), bb, 4 * c[0], 4 * (c[1] - c[0]));
                    }
                }
                long bStart = tb ? (long) c[0] * ldb : c[0];
                cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, c[1] - c[0], k,
                        1f, pa, lda, new FloatPointer(pb).position(bStart), ldb, bias == null ? 0f : 1f,
                        new FloatPointer(pc).position(c[0]), n);
                if (epilogue != null) {
                    epilogue.apply(0, m, c[0], c[1]);
                }
            };
        }
        return (member, members) -> productRows(ta, tb, m, n, k, pa, lda, pb, ldb, bias, zc, bb, pc, member, members,
                epilogue);
    }

    /** A member's block of rows of {@code C = op(A) op(B) (+ bias per column)}. */
    private static void productRows(boolean ta, boolean tb, int m, int n, int k, FloatPointer pa, int lda,
            FloatPointer pb, int ldb, INDArray bias, ByteBuffer zc, ByteBuffer bb, FloatPointer pc, int member,
            int members, Epilogue epilogue) {
        int[] r = rowShare(m, member, members);
        if (bias != null) {                               // bias first, then C = A B + C
            for (int row = r[0]; row < r[1]; row++) {
                zc.put(4 * row * n, bb, 0, 4 * n);
            }
        }
        gemm(ta, tb, r[0], r[1], n, k, pa, lda, pb, ldb, bias == null ? 0f : 1f, pc, n);
        if (epilogue != null && r[0] < r[1]) {
            epilogue.apply(r[0], r[1], 0, n);
        }
    }

    /**
     * The rows of an {@code m}-row product that a member computes: blocks of up to 8 rows, split evenly. Blocks of
     * 16 split 784 rows 400/384, and the larger share set the pace: a weight's gradient {@code [784, 512]} over a
     * batch of 512 ran 5% faster split 392/392 (timed alone on 2 threads), and no product measured ran slower.
     *
     * @return {@code {from, to}}
     */
    static int[] rowShare(int m, int member, int members) {
        return Kernel.share(m, Math.max(1, Math.min(8, m / members)), member, members);
    }

    /**
     * Rows {@code [from, to)} of {@code C = op(A) op(B) + beta C} (row-major, C has {@code n} columns and
     * leading dimension {@code ldc}), through one single-threaded BLAS call.
     */
    static void gemm(boolean ta, boolean tb, int from, int to, int n, int k, FloatPointer a, int lda, FloatPointer b,
            int ldb, float beta, FloatPointer c, int ldc) {
        if (to <= from) {
            return;
        }
        long aStart = ta ? from : (long) from * lda;
        cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, to - from, n, k, 1f,
                new FloatPointer(a).position(aStart), lda, b, ldb, beta, new FloatPointer(c).position((long) from * ldc), ldc);
    }
}
