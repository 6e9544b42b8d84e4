package org.vaelab.metrics.internal;

/** Small numeric helpers: variances, histograms, discrete entropy and mutual information (in nats). */
public final class Stats {

    private Stats() {}

    /**
     * @param x rows {@code [n][d]}
     * @param ddof delta degrees of freedom (0: population variance, 1: unbiased, as numpy's {@code ddof})
     * @return the variance of each column
     */
    public static double[] columnVariance(double[][] x, int ddof) {
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[] var = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                double e = row[j] - mean[j];
                var[j] += e * e;
            }
        }
        for (int j = 0; j < d; j++) {
            var[j] = n - ddof > 0 ? var[j] / (n - ddof) : 0.0;
        }
        return var;
    }

    /**
     * Discretises each column into {@code bins} equal-width bins over its range, as disentanglement_lib's
     * {@code _histogram_discretize} ({@code np.digitize(x, np.histogram(x, bins)[1][:-1])}, bins 1..bins;
     * here 0..bins-1).
     *
     * @param x rows {@code [n][d]}
     * @param bins the number of bins
     * @return bin indices {@code [d][n]}, column-major
     */
    public static int[][] histogramDiscretize(double[][] x, int bins) {
        int n = x.length;
        int d = x[0].length;
        int[][] out = new int[d][n];
        for (int j = 0; j < d; j++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double[] row : x) {
                min = Math.min(min, row[j]);
                max = Math.max(max, row[j]);
            }
            if (min == max) {
                // numpy's histogram uses the range [v - 0.5, v + 0.5] for a constant; every value lands in one bin
                continue;
            }
            double width = (max - min) / bins;
            for (int i = 0; i < n; i++) {
                // digitize against the left edges: the last left edge at or below the value
                int b = (int) Math.floor((x[i][j] - min) / width);
                out[j][i] = Math.max(0, Math.min(bins - 1, b));
            }
        }
        return out;
    }

    /**
     * @param a discrete values
     * @param b discrete values of the same samples
     * @return the empirical mutual information I(a; b) in nats, as sklearn's {@code mutual_info_score}
     */
    public static double mutualInformation(int[] a, int[] b) {
        int n = a.length;
        int[] ai = relabel(a);
        int[] bi = relabel(b);
        int na = max(ai) + 1;
        int nb = max(bi) + 1;
        long[][] joint = new long[na][nb];
        long[] ca = new long[na];
        long[] cb = new long[nb];
        for (int i = 0; i < n; i++) {
            joint[ai[i]][bi[i]]++;
            ca[ai[i]]++;
            cb[bi[i]]++;
        }
        double mi = 0.0;
        for (int x = 0; x < na; x++) {
            for (int y = 0; y < nb; y++) {
                long c = joint[x][y];
                if (c > 0) {
                    mi += (double) c / n * Math.log((double) c * n / ((double) ca[x] * cb[y]));
                }
            }
        }
        return Math.max(0.0, mi);
    }

    /**
     * @param a discrete values
     * @return the empirical entropy H(a) in nats
     */
    public static double entropy(int[] a) {
        return mutualInformation(a, a);
    }

    /**
     * @param p non-negative weights (need not sum to one)
     * @param base the logarithm's base
     * @return the entropy of the normalised weights in that base; 0 when all weights are 0
     */
    public static double entropy(double[] p, double base) {
        double sum = 0.0;
        for (double v : p) {
            sum += v;
        }
        if (sum <= 0.0) {
            return 0.0;
        }
        double h = 0.0;
        for (double v : p) {
            if (v > 0.0) {
                double q = v / sum;
                h -= q * Math.log(q);
            }
        }
        return h / Math.log(base);
    }

    private static int[] relabel(int[] a) {
        java.util.Map<Integer, Integer> ids = new java.util.HashMap<>();
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = ids.computeIfAbsent(a[i], k -> ids.size());
        }
        return out;
    }

    private static int max(int[] a) {
        int m = -1;
        for (int v : a) {
            m = Math.max(m, v);
        }
        return m;
    }
}
