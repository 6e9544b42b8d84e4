package org.vaelab.experiments.dense;

/**
 * The dense engine's loss terms on row-major heap arrays: each returns its sum over the rows (in double),
 * optionally each row's value, and optionally adds {@code f * d(value)/d(input)} to a gradient array.
 * The formulas are those of {@code org.vaelab.api.ops.VaeOps} (the SameDiff definitions); the tests check
 * the two against each other.
 */
final class Losses {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private Losses() {}

    static float sigmoid(float v) {
        return v >= 0 ? 1f / (1f + (float) Math.exp(-v)) : (float) Math.exp(v) / (1f + (float) Math.exp(v));
    }

    /**
     * Bernoulli NLL of targets x given logits l, {@code relu(l) - l x + log1p(exp(-|l|))} per pixel; its
     * gradient is {@code sigmoid(l) - x}.
     *
     * @param l logits {@code [rows, d]}
     * @param x targets; row r starts at {@code r * xRowStride} (0: one target for every row)
     * @param xRowStride see {@code x}
     * @param rows rows
     * @param d pixels per row
     * @param perRow receives each row's value, or null
     * @param grad receives {@code += f * (sigmoid(l) - x)}, or null
     * @param f the gradient's factor
     * @return the sum over rows
     */
    static double bernoulli(float[] l, float[] x, int xRowStride, int rows, int d, double[] perRow, float[] grad,
            float f) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * d;
            int xo = r * xRowStride;
            double row = 0;
            for (int j = 0; j < d; j++) {
                float v = l[o + j];
                float t = x[xo + j];
                float e = (float) Math.exp(-Math.abs(v));
                // log(1 + e) in double is log1p(e) to float precision for every e in (0, 1], and faster
                row += Math.max(v, 0f) - v * t + (float) Math.log(1.0 + e);
                if (grad != null) {
                    float inv = 1f / (1f + e);
                    grad[o + j] += f * ((v >= 0 ? inv : e * inv) - t);
                }
            }
            if (perRow != null) {
                perRow[r] = row;
            }
            total += row;
        }
        return total;
    }

    /**
     * Gaussian NLL with fixed sigma: {@code (x - m)^2 / (2 sigma^2) + log(sigma) + log(2 pi)/2} per pixel;
     * gradient {@code (m - x) / sigma^2}. Arguments as for {@link #bernoulli}.
     */
    static double gaussian(float[] m, float[] x, int xRowStride, int rows, int d, double sigma, double[] perRow,
            float[] grad, float f) {
        double constant = d * (Math.log(sigma) + 0.5 * LOG_2PI);
        float inv = (float) (1.0 / (sigma * sigma));
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * d;
            int xo = r * xRowStride;
            double row = 0;
            for (int j = 0; j < d; j++) {
                float diff = m[o + j] - x[xo + j];
                row += diff * diff;
                if (grad != null) {
                    grad[o + j] += f * inv * diff;
                }
            }
            row = row * inv * 0.5 + constant;
            if (perRow != null) {
                perRow[r] = row;
            }
            total += row;
        }
        return total;
    }

    /**
     * KL(N(mean, exp(logVar)) || N(0, I)) = {@code 1/2 sum(exp(logVar) + mean^2 - 1 - logVar)} per row, from
     * the encoder head {@code [rows, 2k]} (means, then log-variances); gradient {@code mean} and
     * {@code (exp(logVar) - 1) / 2}, added into {@code grad} of the same layout.
     */
    static double klToStandardNormal(float[] head, int rows, int k, double[] perRow, float[] grad, float f) {
        double total = 0;
        int width = 2 * k;
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            double row = 0;
            for (int j = 0; j < k; j++) {
                float m = head[o + j];
                float lv = head[o + k + j];
                float ev = (float) Math.exp(lv);
                row += ev + m * m - 1f - lv;
                if (grad != null) {
                    grad[o + j] += f * m;
                    grad[o + k + j] += f * 0.5f * (ev - 1f);
                }
            }
            row *= 0.5;
            if (perRow != null) {
                perRow[r] = row;
            }
            total += row;
        }
        return total;
    }
}
