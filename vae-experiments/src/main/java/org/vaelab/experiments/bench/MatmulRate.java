package org.vaelab.experiments.bench;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Times single-precision {@code Nd4j.gemm} in this process: the machine's attainable matmul rate. */
public final class MatmulRate {

    private MatmulRate() {}

    /**
     * The rate of {@code C[m,n] = A[m,k] B[k,n]}: a few warm-up products, then five measurements of about
     * {@code secondsPerMeasurement} each; the median.
     *
     * @param m rows of A
     * @param k columns of A
     * @param n columns of B
     * @param secondsPerMeasurement target duration of one measurement
     * @return median GFLOP/s
     */
    public static double gflops(int m, int k, int n, double secondsPerMeasurement) {
        INDArray a = Nd4j.rand(DataType.FLOAT, m, k);
        INDArray b = Nd4j.rand(DataType.FLOAT, k, n);
        INDArray c = Nd4j.create(DataType.FLOAT, m, n);
        double flop = 2.0 * m * k * n;
        for (int i = 0; i < 2; i++) {
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        }
        long t = System.nanoTime();
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        double once = Math.max((System.nanoTime() - t) / 1e9, 1e-7);
        int reps = (int) Math.max(1, Math.min(1_000_000, secondsPerMeasurement / once));
        double[] rates = new double[5];
        for (int r = 0; r < rates.length; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            }
            rates[r] = flop * reps / ((System.nanoTime() - t0) / 1e9) / 1e9;
        }
        Arrays.sort(rates);
        return rates[rates.length / 2];
    }
}
