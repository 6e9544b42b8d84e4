package org.vaelab.models.conv;

import java.util.function.DoubleUnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Plain-Java (loop) convolutions and NCHW helpers, independent of SameDiff, for checking the graphs. */
final class ConvMath {

    private ConvMath() {}

    /** @return a rank-4 array's values as {@code [b][c][h][w]} */
    static double[][][][] nchw(INDArray a) {
        long[] s = a.shape();
        if (s.length != 4) {
            throw new AssertionError("expected rank 4, got " + java.util.Arrays.toString(s));
        }
        INDArray d = a.castTo(DataType.DOUBLE);
        double[][][][] out = new double[(int) s[0]][(int) s[1]][(int) s[2]][(int) s[3]];
        for (int b = 0; b < s[0]; b++) {
            for (int c = 0; c < s[1]; c++) {
                for (int y = 0; y < s[2]; y++) {
                    for (int x = 0; x < s[3]; x++) {
                        out[b][c][y][x] = d.getDouble(b, c, y, x);
                    }
                }
            }
        }
        return out;
    }

    /** @return flat channel-major rows {@code [batch, C*H*W]} as {@code [b][c][h][w]} */
    static double[][][][] unflatten(double[][] rows, int c, int h, int w) {
        double[][][][] out = new double[rows.length][c][h][w];
        for (int b = 0; b < rows.length; b++) {
            if (rows[b].length != c * h * w) {
                throw new AssertionError("row " + b + " has " + rows[b].length + " values, not " + c * h * w);
            }
            for (int i = 0; i < rows[b].length; i++) {
                out[b][i / (h * w)][(i / w) % h][i % w] = rows[b][i];
            }
        }
        return out;
    }

    /** @return {@code [b][c][h][w]} flattened channel-major to {@code [batch, C*H*W]} */
    static double[][] flatten(double[][][][] x) {
        int c = x[0].length;
        int h = x[0][0].length;
        int w = x[0][0][0].length;
        double[][] out = new double[x.length][c * h * w];
        for (int b = 0; b < x.length; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int xx = 0; xx < w; xx++) {
                        out[b][(ch * h + y) * w + xx] = x[b][ch][y][xx];
                    }
                }
            }
        }
        return out;
    }

    /**
     * Direct convolution with zero padding:
     * {@code out[oc, oy, ox] = b[oc] + sum in[ic, oy*s - p + ky, ox*s - p + kx] * w[ky, kx, ic, oc]}.
     *
     * @param w weights {@code [k, k, inC, outC]}
     */
    static double[][][][] conv(double[][][][] in, INDArray w, INDArray bias, int s, int p) {
        double[] bv = bias.castTo(DataType.DOUBLE).toDoubleVector();
        int k = (int) w.size(0);
        int inC = (int) w.size(2);
        int outC = (int) w.size(3);
        int h = in[0][0].length;
        int wd = in[0][0][0].length;
        int oh = (h + 2 * p - k) / s + 1;
        int ow = (wd + 2 * p - k) / s + 1;
        double[][][][] out = new double[in.length][outC][oh][ow];
        for (int b = 0; b < in.length; b++) {
            for (int oc = 0; oc < outC; oc++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double sum = bv[oc];
                        for (int ic = 0; ic < inC; ic++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int y = oy * s - p + ky;
                                    int x = ox * s - p + kx;
                                    if (y >= 0 && y < h && x >= 0 && x < wd) {
                                        sum += in[b][ic][y][x] * w.getDouble(ky, kx, ic, oc);
                                    }
                                }
                            }
                        }
                        out[b][oc][oy][ox] = sum;
                    }
                }
            }
        }
        return out;
    }

    /**
     * Transposed convolution as the adjoint (scatter) of {@link #conv}: every input value adds its
     * weighted kernel into the output, {@code out[oc, y*s - p + ky, x*s - p + kx] += in[ic, y, x] *
     * w[ky, kx, oc, ic]}, dropping what falls outside the {@code (in - 1)*s + k - 2p} output; then the bias.
     *
     * @param w weights {@code [k, k, outC, inC]}
     */
    static double[][][][] deconv(double[][][][] in, INDArray w, INDArray bias, int s, int p) {
        double[] bv = bias.castTo(DataType.DOUBLE).toDoubleVector();
        int k = (int) w.size(0);
        int outC = (int) w.size(2);
        int inC = (int) w.size(3);
        int h = in[0][0].length;
        int wd = in[0][0][0].length;
        int oh = (h - 1) * s + k - 2 * p;
        int ow = (wd - 1) * s + k - 2 * p;
        double[][][][] out = new double[in.length][outC][oh][ow];
        for (int b = 0; b < in.length; b++) {
            for (int ic = 0; ic < inC; ic++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < wd; x++) {
                        for (int oc = 0; oc < outC; oc++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int oy = y * s - p + ky;
                                    int ox = x * s - p + kx;
                                    if (oy >= 0 && oy < oh && ox >= 0 && ox < ow) {
                                        out[b][oc][oy][ox] += in[b][ic][y][x] * w.getDouble(ky, kx, oc, ic);
                                    }
                                }
                            }
                        }
                    }
                }
            }
            for (int oc = 0; oc < outC; oc++) {
                for (double[] row : out[b][oc]) {
                    for (int x = 0; x < ow; x++) {
                        row[x] += bv[oc];
                    }
                }
            }
        }
        return out;
    }

    /** @return {@code f} applied to every element (a copy) */
    static double[][][][] map(double[][][][] x, DoubleUnaryOperator f) {
        double[][][][] out = new double[x.length][][][];
        for (int b = 0; b < x.length; b++) {
            out[b] = new double[x[b].length][][];
            for (int c = 0; c < x[b].length; c++) {
                out[b][c] = new double[x[b][c].length][];
                for (int y = 0; y < x[b][c].length; y++) {
                    out[b][c][y] = new double[x[b][c][y].length];
                    for (int i = 0; i < x[b][c][y].length; i++) {
                        out[b][c][y][i] = f.applyAsDouble(x[b][c][y][i]);
                    }
                }
            }
        }
        return out;
    }

    /** @return {@code max(0, x)} element-wise */
    static double[][][][] relu(double[][][][] x) {
        return map(x, v -> Math.max(0, v));
    }

    /** @return the largest absolute element-wise difference; fails on a shape mismatch */
    static double maxAbsDiff(double[][][][] a, double[][][][] b) {
        return org.vaelab.models.TestGraphs.maxAbsDiff(flattenChecked(a, b), flatten(b));
    }

    private static double[][] flattenChecked(double[][][][] a, double[][][][] b) {
        if (a.length != b.length || a[0].length != b[0].length || a[0][0].length != b[0][0].length
                || a[0][0][0].length != b[0][0][0].length) {
            throw new AssertionError("shapes differ: " + shape(a) + " vs " + shape(b));
        }
        return flatten(a);
    }

    private static String shape(double[][][][] x) {
        return x.length + "x" + x[0].length + "x" + x[0][0].length + "x" + x[0][0][0].length;
    }
}
