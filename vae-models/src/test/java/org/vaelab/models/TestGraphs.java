package org.vaelab.models;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Plain-Java helpers for checking tiny graphs. */
public final class TestGraphs {

    private TestGraphs() {}

    /** @return the trainable variables of {@code sd}, by name, with their current values */
    public static Map<String, INDArray> parameters(SameDiff sd) {
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                params.put(v.name(), v.getArr());
            }
        }
        return params;
    }

    /** @return a {@code rows x cols} matrix of uniform values in {@code [lo, hi)} */
    public static double[][] uniform(long seed, int rows, int cols, double lo, double hi) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = lo + (hi - lo) * rng.nextDouble();
            }
        }
        return m;
    }

    /** @return {@code m} as an array of the given type */
    public static INDArray array(double[][] m, DataType type) {
        return Nd4j.createFromArray(m).castTo(type);
    }

    /** @return the values of a rank-2 array */
    public static double[][] matrix(INDArray a) {
        return a.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    /** @return {@code x W + b} for {@code W} {@code [in, out]} and {@code b} {@code [out]} */
    public static double[][] dense(double[][] x, INDArray w, INDArray b) {
        double[][] wm = matrix(w);
        double[] bv = b.castTo(DataType.DOUBLE).toDoubleVector();
        double[][] out = new double[x.length][bv.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < bv.length; j++) {
                double s = bv[j];
                for (int k = 0; k < wm.length; k++) {
                    s += x[i][k] * wm[k][j];
                }
                out[i][j] = s;
            }
        }
        return out;
    }

    /** @return {@code f} applied to every element (a copy) */
    public static double[][] map(double[][] m, DoubleUnaryOperator f) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = new double[m[i].length];
            for (int j = 0; j < m[i].length; j++) {
                out[i][j] = f.applyAsDouble(m[i][j]);
            }
        }
        return out;
    }

    /** @return columns {@code [from, to)} */
    public static double[][] columns(double[][] m, int from, int to) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = java.util.Arrays.copyOfRange(m[i], from, to);
        }
        return out;
    }

    /** @return the largest absolute element-wise difference; fails on a shape mismatch */
    public static double maxAbsDiff(double[][] a, double[][] b) {
        if (a.length != b.length) {
            throw new AssertionError("row counts differ: " + a.length + " vs " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i].length != b[i].length) {
                throw new AssertionError("column counts differ in row " + i);
            }
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }
}
