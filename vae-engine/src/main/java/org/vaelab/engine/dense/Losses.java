package org.vaelab.engine.dense;

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
     * gradient is {@code sigmoid(l) - x}. Runs on {@link VectorKernels} where the JVM has the vector API.
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
        if (VectorApi.PRESENT) {
            return VectorKernels.bernoulli(l, x, xRowStride, rows, d, perRow, grad, f);
        }
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double row = bernoulliScalar(l, x, r * d, r * xRowStride, d, grad, f);
            if (perRow != null) {
                perRow[r] = row;
            }
            total += row;
        }
        return total;
    }

    /** {@link #bernoulli} over the {@code n} pixels from {@code l[o]} (targets from {@code x[xo]}), one at a time. */
    static double bernoulliScalar(float[] l, float[] x, int o, int xo, int n, float[] grad, float f) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
            float v = l[o + j];
            float t = x[xo + j];
            float e = expOfNegative(Math.abs(v));
            sum += Math.max(v, 0f) - v * t + log1pOfUnit(e);
            if (grad != null) {
                float inv = 1f / (1f + e);
                grad[o + j] += f * ((v < 0f ? e * inv : inv) - t);
            }
        }
        return sum;
    }

    // exp(-a) for a >= 0 (Cephes' expf: a = n ln2 - r, |r| <= ln2/2, exp(-a) = 2^-n exp(r), exp(r) by a
    // degree-7 polynomial; 2^-n and the rounding of n by the 1.5 * 2^23 shift, so no float-to-int
    // conversion). Maximum relative error about 1e-7; a is clamped at 87, where exp(-87) = 1.6e-38 is
    // still a normal float.
    static final float EXP_ARGUMENT_LIMIT = 87f;
    static final float LOG2E = 1.44269504088896341f;
    static final float ROUNDING_SHIFT = 12582912f;              // 1.5 * 2^23
    static final int SCALE_BITS = 0x4B400000 + 127;             // bits of ROUNDING_SHIFT + the exponent bias
    static final float LN2_HIGH = 0.693359375f;
    static final float LN2_LOW = -2.12194440e-4f;
    static final float EXP_P0 = 1.9875691500e-4f;
    static final float EXP_P1 = 1.3981999507e-3f;
    static final float EXP_P2 = 8.3334519073e-3f;
    static final float EXP_P3 = 4.1665795894e-2f;
    static final float EXP_P4 = 1.6666665459e-1f;
    static final float EXP_P5 = 5.0000001201e-1f;

    /** @return {@code exp(-a)} for {@code a >= 0} (see the constants), in exactly rounded operations only */
    static float expOfNegative(float a) {
        float y = Math.min(a, EXP_ARGUMENT_LIMIT);
        float shifted = y * LOG2E + ROUNDING_SHIFT;
        float n = shifted - ROUNDING_SHIFT;
        float r = n * LN2_HIGH - y + n * LN2_LOW;
        float p = r * EXP_P0 + EXP_P1;
        p = p * r + EXP_P2;
        p = p * r + EXP_P3;
        p = p * r + EXP_P4;
        p = p * r + EXP_P5;
        p = p * r * r + r + 1f;
        return p * Float.intBitsToFloat((SCALE_BITS - Float.floatToRawIntBits(shifted)) << 23);
    }

    // log(1 + e) for e in [0, 1] as 2 atanh(t), t = e / (2 + e) <= 1/3: the odd series to t^15 leaves
    // under 1e-9; maximum relative error about 2.6e-7 (float rounding).
    static final float ATANH_3 = 1f / 3;
    static final float ATANH_5 = 1f / 5;
    static final float ATANH_7 = 1f / 7;
    static final float ATANH_9 = 1f / 9;
    static final float ATANH_11 = 1f / 11;
    static final float ATANH_13 = 1f / 13;
    static final float ATANH_15 = 1f / 15;

    /** @return {@code log(1 + e)} for {@code e} in [0, 1], in exactly rounded operations only */
    static float log1pOfUnit(float e) {
        float t = e / (e + 2f);
        float t2 = t * t;
        float s = t2 * ATANH_15 + ATANH_13;
        s = s * t2 + ATANH_11;
        s = s * t2 + ATANH_9;
        s = s * t2 + ATANH_7;
        s = s * t2 + ATANH_5;
        s = s * t2 + ATANH_3;
        s = s * t2 + 1f;
        return t * 2f * s;
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
