package org.vaelab.engine.dense;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The dense engine's element-wise work: the Bernoulli likelihood against a double-precision computation
 * of the same formula, and each vector kernel against the scalar loop it replaces (same bits).
 */
class ElementwiseKernelsTest {

    /** Logits from the range training meets and beyond: zero, tiny, typical, saturated, past exp's range. */
    private static float[] logits(Random random, int n) {
        float[] special = {0f, -0f, 1e-8f, -1e-8f, 0.5f, -0.5f, 15f, -15f, 40f, -40f, 86.9f, -87f, 88f, -88.5f, 200f,
            -1e4f};
        float[] l = new float[n];
        for (int i = 0; i < n; i++) {
            l[i] = i < special.length ? special[i] : (float) (random.nextGaussian() * (i % 3 == 0 ? 20 : 4));
        }
        return l;
    }

    private static double softplusOfNegative(double a) {
        return Math.log1p(Math.exp(-a));
    }

    @Test
    void expAndLog1pMatchTheLibraryToFloatPrecision() {
        double worstExp = 0;
        double worstLog = 0;
        for (int i = 0; i <= 2_000_000; i++) {
            float a = i * 1e-4f * (i % 7 == 0 ? 4f : 1f);                     // [0, 200] and [0, 800]
            double exact = Math.exp(-(double) Math.min(a, Losses.EXP_ARGUMENT_LIMIT));
            worstExp = Math.max(worstExp, Math.abs(Losses.expOfNegative(a) - exact) / exact);
            float e = i / 2_000_000f;                                        // [0, 1]
            double log = Math.log1p(e);
            if (e > 0) {
                worstLog = Math.max(worstLog, Math.abs(Losses.log1pOfUnit(e) - log) / log);
            }
        }
        assertTrue(worstExp < 3e-7, "exp(-a): worst relative error " + worstExp);
        assertTrue(worstLog < 5e-7, "log1p(e): worst relative error " + worstLog);
        assertEquals(0f, Losses.log1pOfUnit(0f));
        assertEquals(1f, Losses.expOfNegative(0f));
        assertTrue(Float.isNaN(Losses.expOfNegative(Float.NaN)), "NaN must propagate (divergence is detected by it)");
    }

    @Test
    void bernoulliMatchesADoublePrecisionComputation() {
        Random random = new Random(7);
        for (int d : new int[] {784, 37, 5}) {                  // a multiple of the vector width, and tails
            int rows = 6;
            float[] l = logits(random, rows * d);
            float[] x = new float[rows * d];
            for (int i = 0; i < x.length; i++) {
                x[i] = i % 5 == 0 ? 1f : i % 5 == 1 ? 0f : random.nextFloat();
            }
            float f = 0.25f;
            double[] perRow = new double[rows];
            float[] grad = new float[rows * d];
            double total = Losses.bernoulli(l, x, d, rows, d, perRow, grad, f);
            double expectedTotal = 0;
            for (int r = 0; r < rows; r++) {
                double row = 0;
                for (int j = 0; j < d; j++) {
                    double v = l[r * d + j];
                    double t = x[r * d + j];
                    row += Math.max(v, 0) - v * t + softplusOfNegative(Math.abs(v));
                    double sigmoid = 1 / (1 + Math.exp(-v));
                    assertEquals(f * (sigmoid - t), grad[r * d + j], 1e-7, "gradient at row " + r + ", pixel " + j);
                }
                assertEquals(row, perRow[r], 1e-6 * Math.max(1, Math.abs(row)), "row " + r + " of width " + d);
                expectedTotal += row;
            }
            assertEquals(expectedTotal, total, 1e-6 * Math.abs(expectedTotal));
        }
    }

    @Test
    void oneTargetRowServesEveryRow() {
        Random random = new Random(3);
        int d = 50;
        int rows = 4;
        float[] l = logits(random, rows * d);
        float[] one = new float[d];
        float[] repeated = new float[rows * d];
        for (int j = 0; j < d; j++) {
            one[j] = random.nextFloat();
            for (int r = 0; r < rows; r++) {
                repeated[r * d + j] = one[j];
            }
        }
        double[] a = new double[rows];
        double[] b = new double[rows];
        Losses.bernoulli(l, one, 0, rows, d, a, null, 0f);
        Losses.bernoulli(l, repeated, d, rows, d, b, null, 0f);
        for (int r = 0; r < rows; r++) {
            assertEquals(b[r], a[r], "row " + r);
        }
    }

    @Test
    void theVectorKernelRunsInTestsAndAgreesWithTheScalarOne() {
        assertTrue(VectorApi.PRESENT, "the tests must run with --add-modules jdk.incubator.vector, as the launcher does");
        Random random = new Random(11);
        int d = 784;
        int rows = 3;
        float[] l = logits(random, rows * d);
        float[] x = new float[rows * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        float[] vectorGrad = new float[rows * d];
        double[] vectorRows = new double[rows];
        VectorKernels.bernoulli(l, x, d, rows, d, vectorRows, vectorGrad, 0.5f);
        float[] scalarGrad = new float[rows * d];
        for (int r = 0; r < rows; r++) {
            double row = Losses.bernoulliScalar(l, x, r * d, r * d, d, scalarGrad, 0.5f);
            // the same operations per pixel: only the order of the row's sum differs
            assertEquals(row, vectorRows[r], 1e-6 * Math.abs(row), "row " + r);
        }
        for (int i = 0; i < scalarGrad.length; i++) {
            assertEquals(scalarGrad[i], vectorGrad[i], "gradient " + i + " must be bit-identical");
        }
    }

    @Test
    void theVectorReluDerivativeEqualsTheScalarOne() {
        Random random = new Random(5);
        int n = 1000;                                            // not a multiple of the vector width
        float[] h = new float[n];
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            h[i] = i % 4 == 0 ? 0f : i % 4 == 1 ? -0f : Math.max(0f, (float) random.nextGaussian());
            g[i] = (float) random.nextGaussian();
        }
        h[7] = Float.NaN;
        float[] expected = g.clone();
        for (int i = 0; i < n; i++) {
            expected[i] = h[i] > 0f ? expected[i] : 0f;
        }
        VectorKernels.reluDerivative(g, h, n);
        assertTrue(java.util.Arrays.equals(expected, g));
    }

    @Test
    void theVectorAdamStepGivesTheScalarLoopsBits() {
        Random random = new Random(9);
        int n = 1003;
        float[] param = new float[n];
        float[] gradient = new float[n];
        float[] m = new float[n];
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            param[i] = (float) random.nextGaussian();
            gradient[i] = (float) (random.nextGaussian() * 1e-2);
            m[i] = (float) (random.nextGaussian() * 1e-3);
            v[i] = (float) Math.abs(random.nextGaussian() * 1e-5);
        }
        java.nio.ByteBuffer nativeParam = java.nio.ByteBuffer.allocateDirect(n * 4).order(java.nio.ByteOrder.nativeOrder());
        java.nio.ByteBuffer nativeGradient = java.nio.ByteBuffer.allocateDirect(n * 4).order(java.nio.ByteOrder.nativeOrder());
        nativeParam.asFloatBuffer().put(param);
        nativeGradient.asFloatBuffer().put(gradient);
        float[] m2 = m.clone();
        float[] v2 = v.clone();
        float[] m3 = m.clone();
        float[] v3 = v.clone();
        java.nio.ByteBuffer nativeParam3 = java.nio.ByteBuffer.allocateDirect(n * 4).order(java.nio.ByteOrder.nativeOrder());
        nativeParam3.asFloatBuffer().put(param);

        // ranges as two threads would split them, with tails that are not a multiple of the vector width
        ParameterUpdate.AdamOnHeap.step(param, gradient, m, v, 0.9f, 0.999f, 1e-3f, 1e-8f, 0, n);
        VectorKernels.adam(null, nativeGradient, nativeParam, m2, v2, 0.9f, 0.999f, 1e-3f, 1e-8f, 0, 501);
        VectorKernels.adam(null, nativeGradient, nativeParam, m2, v2, 0.9f, 0.999f, 1e-3f, 1e-8f, 501, n);
        VectorKernels.adam(gradient, null, nativeParam3, m3, v3, 0.9f, 0.999f, 1e-3f, 1e-8f, 0, n);
        float[] updated = new float[n];
        nativeParam.asFloatBuffer().get(updated);
        float[] updated3 = new float[n];
        nativeParam3.asFloatBuffer().get(updated3);
        assertTrue(java.util.Arrays.equals(param, updated), "parameters from a native gradient");
        assertTrue(java.util.Arrays.equals(param, updated3), "parameters from a heap gradient");
        assertTrue(java.util.Arrays.equals(m, m2) && java.util.Arrays.equals(v, v2), "moments");
        assertTrue(java.util.Arrays.equals(m, m3) && java.util.Arrays.equals(v, v3), "moments");
    }

    @Test
    void theVectorBiasAndActivationGiveTheScalarLoopsBits() {
        Random random = new Random(13);
        int rows = 3;
        int width = 37;                                          // a tail after the vector loop
        float[] h = new float[rows * width];
        float[] b = new float[width];
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) random.nextGaussian();
        }
        for (int j = 0; j < width; j++) {
            b[j] = (float) random.nextGaussian();
        }
        for (boolean relu : new boolean[] {true, false}) {
            float[] expected = h.clone();
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < width; j++) {
                    float sum = expected[r * width + j] + b[j];
                    expected[r * width + j] = relu ? Math.max(sum, 0f) : sum;
                }
            }
            // the product in native memory, into the heap and into native memory
            java.nio.ByteBuffer product = java.nio.ByteBuffer.allocateDirect(h.length * 4).order(java.nio.ByteOrder.nativeOrder());
            product.asFloatBuffer().put(h);
            float[] intoHeap = new float[h.length];
            VectorKernels.biasAndActivate(product, b, rows, width, relu, intoHeap);
            assertTrue(java.util.Arrays.equals(expected, intoHeap), (relu ? "relu" : "identity") + " into the heap");
            java.nio.ByteBuffer next = java.nio.ByteBuffer.allocateDirect(h.length * 4).order(java.nio.ByteOrder.nativeOrder());
            VectorKernels.biasAndActivate(product, b, rows, width, relu, next);
            float[] intoNative = new float[h.length];
            next.asFloatBuffer().get(intoNative);
            assertTrue(java.util.Arrays.equals(expected, intoNative), (relu ? "relu" : "identity") + " into native memory");
        }
    }
}
