package org.vaelab.engine.optimizer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Adam's vector kernel against the scalar loop it replaces: the same bits, however the values are split. */
class AdamKernelTest {

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
        AdamKernel.adam(null, nativeGradient, nativeParam, m2, v2, 0.9f, 0.999f, 1e-3f, 1e-8f, 0, 501);
        AdamKernel.adam(null, nativeGradient, nativeParam, m2, v2, 0.9f, 0.999f, 1e-3f, 1e-8f, 501, n);
        AdamKernel.adam(gradient, null, nativeParam3, m3, v3, 0.9f, 0.999f, 1e-3f, 1e-8f, 0, n);
        float[] updated = new float[n];
        nativeParam.asFloatBuffer().get(updated);
        float[] updated3 = new float[n];
        nativeParam3.asFloatBuffer().get(updated3);
        assertTrue(java.util.Arrays.equals(param, updated), "parameters from a native gradient");
        assertTrue(java.util.Arrays.equals(param, updated3), "parameters from a heap gradient");
        assertTrue(java.util.Arrays.equals(m, m2) && java.util.Arrays.equals(v, v2), "moments");
        assertTrue(java.util.Arrays.equals(m, m3) && java.util.Arrays.equals(v, v3), "moments");
    }
}
