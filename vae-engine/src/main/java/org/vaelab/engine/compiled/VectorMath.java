package org.vaelab.engine.compiled;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp and log1p for float vectors, made only of exactly rounded operations (add, multiply, compare, bit
 * moves), so a value is the same whether the loop runs interpreted or compiled: the vector API's own
 * transcendental functions call a platform library when compiled and Java code when not, which differ in
 * the last bits. exp by Cephes' {@code expf} polynomial, about 1 ulp over the float range.
 */
final class VectorMath {

    static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding and subtracting it rounds a float of magnitude below 2^22 to the nearest integer. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = Float.floatToIntBits(ROUNDER);
    private static final float EXP_MAX = 88.72283905206835f;
    private static final float EXP_MIN = -87.33654475055310f;

    private static final FloatVector ZERO = FloatVector.zero(FLOATS);
    private static final FloatVector INFINITY = FloatVector.broadcast(FLOATS, Float.POSITIVE_INFINITY);

    private VectorMath() {}

    /** @return e^x per lane (+inf above 88.72, 0 below -87.34, NaN for NaN) */
    static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(-87f).min(88f);            // keeps 2^k a normal float; the ends are patched below
        FloatVector t = c.mul(LOG2E).add(ROUNDER);       // k = round(c log2 e) sits in t's low mantissa bits
        FloatVector k = t.sub(ROUNDER);
        FloatVector r = c.sub(k.mul(LN2_HI)).sub(k.mul(LN2_LO));
        FloatVector z = r.mul(r);
        FloatVector p = r.mul(1.9875691500E-4f).add(1.3981999507E-3f).mul(r).add(8.3334519073E-3f).mul(r)
                .add(4.1665795894E-2f).mul(r).add(1.6666665459E-1f).mul(r).add(5.0000001201E-1f).mul(z).add(r).add(1f);
        IntVector bits = ((IntVector) t.reinterpretAsInts()).sub(ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23);
        FloatVector scale = (FloatVector) bits.reinterpretAsFloats();
        FloatVector e = p.mul(scale);
        return expSpecialCases(e, x);
    }

    /** Above 88.72 the clamp gave e^88, below -87.34 e^-87 (1.6e-38): +inf, 0, and NaN for NaN. */
    private static FloatVector expSpecialCases(FloatVector e, FloatVector x) {
        FloatVector r = e.blend(INFINITY, x.compare(VectorOperators.GT, EXP_MAX));
        r = r.blend(ZERO, x.compare(VectorOperators.LT, EXP_MIN));
        return r.blend(x, x.compare(VectorOperators.NE, x));
    }

    /**
     * @return log(1 + x) per lane: for x in [-1/2, 1] (softplus and the Bernoulli likelihood's
     *     log(1 + e^-|l|) stay there) as 2 atanh(x / (x + 2)) by its series, whose argument is at most 1/3
     *     there (error below 1e-9); a vector with any other value goes value by value through {@link Math#log1p}
     */
    static FloatVector log1p(FloatVector x) {
        if (!x.compare(VectorOperators.GE, -0.5f).and(x.compare(VectorOperators.LE, 1f)).allTrue()) {
            return log1pScalar(x);
        }
        FloatVector t = x.div(x.add(2f));
        FloatVector t2 = t.mul(t);
        FloatVector s = t2.mul(1f / 15).add(1f / 13).mul(t2).add(1f / 11).mul(t2).add(1f / 9).mul(t2).add(1f / 7)
                .mul(t2).add(1f / 5).mul(t2).add(1f / 3).mul(t2).add(1f);
        return t.mul(2f).mul(s);
    }

    private static FloatVector log1pScalar(FloatVector x) {
        float[] v = x.toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.log1p(v[i]);
        }
        return FloatVector.fromArray(FLOATS, v, 0);
    }

    /** @return 1 / (1 + e^-x) per lane */
    static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(FLOATS, 1f).div(exp(x.neg()).add(1f));
    }

    /** @return log(1 + e^x) per lane, as max(x, 0) + log1p(e^-|x|) so large |x| neither overflows nor loses digits */
    static FloatVector softplus(FloatVector x) {
        return x.max(0f).add(log1p(exp(x.abs().neg())));
    }
}
