package org.vaelab.engine.optimizer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adam's update on the JDK's vector API, straight in the parameters' native memory. Used only where the JVM was
 * started with {@code --add-modules jdk.incubator.vector} (the launcher and the tests do): callers check
 * {@link VectorApi#PRESENT} and otherwise run their scalar loops.
 */
final class AdamKernel {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = FLOATS.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private AdamKernel() {}

    /**
     * One Adam step on the values {@code [from, to)}, in place: {@code m = b1 m + (1 - b1) g},
     * {@code v = b2 v + (1 - b2) g^2}, {@code param -= stepSize m / (sqrt(v) + eps)}, in the operations and
     * order of {@code ParameterUpdate}'s scalar loop (so the same bits). The parameter is updated in its
     * native memory; the gradient comes from the heap ({@code heapGradient}) or from native memory
     * ({@code nativeGradient}, when {@code heapGradient} is null), both flat over the whole parameter.
     */
    static void adam(float[] heapGradient, ByteBuffer nativeGradient, ByteBuffer param, float[] m, float[] v, float b1,
            float b2, float stepSize, float eps, int from, int to) {
        float c1 = 1f - b1;
        float c2 = 1f - b2;
        int i = from;
        int bound = from + FLOATS.loopBound(to - from);
        // two loops rather than a choice per iteration: a vector merged from two paths is not kept in registers
        if (heapGradient != null) {
            for (; i < bound; i += LANES) {
                adam(FloatVector.fromArray(FLOATS, heapGradient, i), param, m, v, b1, b2, c1, c2, stepSize, eps, i);
            }
        } else {
            for (; i < bound; i += LANES) {
                adam(FloatVector.fromByteBuffer(FLOATS, nativeGradient, i * Float.BYTES, NATIVE), param, m, v, b1, b2,
                        c1, c2, stepSize, eps, i);
            }
        }
        for (; i < to; i++) {
            float g = heapGradient != null ? heapGradient[i] : nativeGradient.getFloat(i * Float.BYTES);
            float mi = b1 * m[i] + g * c1;
            float vi = b2 * v[i] + g * g * c2;
            m[i] = mi;
            v[i] = vi;
            int at = i * Float.BYTES;
            param.putFloat(at, param.getFloat(at) - mi * stepSize / ((float) Math.sqrt(vi) + eps));
        }
    }

    private static void adam(FloatVector g, ByteBuffer param, float[] m, float[] v, float b1, float b2, float c1,
            float c2, float stepSize, float eps, int i) {
        FloatVector mi = FloatVector.fromArray(FLOATS, m, i).mul(b1).add(g.mul(c1));
        FloatVector vi = FloatVector.fromArray(FLOATS, v, i).mul(b2).add(g.mul(g).mul(c2));
        mi.intoArray(m, i);
        vi.intoArray(v, i);
        FloatVector.fromByteBuffer(FLOATS, param, i * Float.BYTES, NATIVE)
                .sub(mi.mul(stepSize).div(vi.sqrt().add(eps)))
                .intoByteBuffer(param, i * Float.BYTES, NATIVE);
    }
}
