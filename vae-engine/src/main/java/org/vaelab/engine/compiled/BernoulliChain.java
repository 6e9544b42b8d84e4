package org.vaelab.engine.compiled;

import static org.vaelab.engine.compiled.Fusions.arity;
import static org.vaelab.engine.compiled.Fusions.in;
import static org.vaelab.engine.compiled.Fusions.out;
import static org.vaelab.engine.compiled.Fusions.readsPair;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.engine.compiled.Fusions.Dataflow;
import org.vaelab.engine.compiled.Fusions.Fused;

/**
 * The overflow-free Bernoulli negative log-likelihood per pixel, as {@code VaeOps.bernoulliNllPerPixel}
 * writes it, and the ops SameDiff M2.1's autodiff generates for its gradient:
 * <pre>
 *   forward   R = relu(L)   A = abs(L)   N = neg(A)   E = exp(N)   T = log1p(E)   M = L * X   D = R - M   S = D + T
 *   gradient  (gD, gT) = add_bp(D, T, gS)      (gR, gM) = subtract_bp(R, M, gD)
 *             c1 = thresholdedrelu_bp(L, gR)    (c2, gX) = multiply_bp(L, X, gM)
 *             P = E + 1   gE = gT / P   E2 = exp(N)   gN = E2 * gE   gA = -gN   c3 = sign(L) * gA
 *             gL = (c1 + c2) + c3
 * </pre>
 * Fused, the forward is one pass over L and X giving S, and the gradient one pass over L, X and gS giving
 * gL (and gX where something reads it), each with the unfused kernels' float operations in their order.
 */
final class BernoulliChain {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = FLOATS.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /**
     * Values a kernel finishes at a time, in two loops: exp(-|L|) into the output, then the rest from it. One
     * loop with all the arithmetic passed the JIT's inlining budget, which boxes every vector (3 to 4 times
     * slower); the block stays in the first-level cache between the two.
     */
    private static final int BLOCK = 1024;

    private BernoulliChain() {}

    /**
     * @param log1p a {@code log1p} op of the program
     * @param flow the program's dataflow
     * @return the fused forward (and gradient, where the program has it), or null where the chain around
     *     {@code log1p} is not this one or something outside it reads its intermediate values
     */
    static List<Fused> matchAll(SameDiffOp log1p, Dataflow flow) {
        // ---- forward
        String e = in(log1p, 0);
        SameDiffOp exp = flow.producer(e, "exp");
        String n = exp == null ? null : in(exp, 0);
        SameDiffOp neg = n == null ? null : flow.producer(n, "neg");
        String a = neg == null ? null : in(neg, 0);
        SameDiffOp abs = a == null ? null : flow.producer(a, "abs");
        if (abs == null || arity(log1p) != 1 || arity(exp) != 1 || arity(neg) != 1 || arity(abs) != 1) {
            return null;
        }
        String l = in(abs, 0);
        String t = out(log1p, 0);
        SameDiffOp sum = null;
        String d = null;
        for (SameDiffOp r : flow.readers(t)) {
            if (r.getOp().opName().equals("add") && arity(r) == 2) {
                sum = r;
                d = t.equals(in(r, 1)) ? in(r, 0) : in(r, 1);
            }
        }
        SameDiffOp subtract = d == null ? null : flow.producer(d, "subtract");
        if (subtract == null || arity(subtract) != 2) {
            return null;
        }
        String r = in(subtract, 0);
        String m = in(subtract, 1);
        SameDiffOp relu = flow.producer(r, "relu");
        SameDiffOp multiply = flow.producer(m, "multiply");
        if (relu == null || arity(relu) != 1 || !l.equals(in(relu, 0)) || Fusions.scalar(relu) != 0f
                || multiply == null || arity(multiply) != 2 || !(l.equals(in(multiply, 0)) || l.equals(in(multiply, 1)))) {
            return null;
        }
        String x = l.equals(in(multiply, 0)) ? in(multiply, 1) : in(multiply, 0);
        if (x.equals(l)) {
            return null;
        }
        String s = out(sum, 0);
        List<SameDiffOp> forwardOps = List.of(relu, abs, neg, exp, log1p, multiply, subtract, sum);
        List<String> intermediates = List.of(r, a, n, e, t, m, d);
        SameDiffOp forward = fusedOp(new Forward(), "bernoulli_nll", List.of(l, x), List.of(s));

        if (intermediates.stream().noneMatch(v -> flow.readOutside(v, forwardOps))) {
            return List.of(new Fused(forward, forwardOps, sum));            // no gradient in this program (evaluation)
        }
        // ---- gradient
        SameDiffOp addBp = null;
        for (SameDiffOp op : flow.readers(d)) {
            if (op.getOp().opName().equals("add_bp") && arity(op) == 3 && in(op, 0).equals(in(sum, 0))
                    && in(op, 1).equals(in(sum, 1))) {
                addBp = op;
            }
        }
        if (addBp == null) {
            return null;
        }
        String gS = in(addBp, 2);
        boolean dFirst = d.equals(in(sum, 0));
        String gD = out(addBp, dFirst ? 0 : 1);
        String gT = out(addBp, dFirst ? 1 : 0);
        SameDiffOp subtractBp = flow.onlyReader(gD, "subtract_bp");
        SameDiffOp divide = flow.onlyReader(gT, "divide");
        if (subtractBp == null || !r.equals(in(subtractBp, 0)) || !m.equals(in(subtractBp, 1)) || divide == null
                || !gT.equals(in(divide, 0))) {
            return null;
        }
        SameDiffOp plusOne = flow.producer(in(divide, 1), "add_scalar");
        if (plusOne == null || !e.equals(in(plusOne, 0)) || Fusions.scalar(plusOne) != 1f) {
            return null;
        }
        String gR = out(subtractBp, 0);
        String gM = out(subtractBp, 1);
        String gE = out(divide, 0);
        SameDiffOp reluBp = flow.onlyReader(gR, "thresholdedrelu_bp");
        SameDiffOp multiplyBp = flow.onlyReader(gM, "multiply_bp");
        SameDiffOp scaleByExp = flow.onlyReader(gE, "multiply");
        if (reluBp == null || !l.equals(in(reluBp, 0)) || Fusions.tArg(reluBp) != 0.0 || multiplyBp == null
                || !in(multiplyBp, 0).equals(in(multiply, 0)) || !in(multiplyBp, 1).equals(in(multiply, 1))
                || scaleByExp == null) {
            return null;
        }
        boolean lFirst = l.equals(in(multiply, 0));
        String c2 = out(multiplyBp, lFirst ? 0 : 1);
        String gX = out(multiplyBp, lFirst ? 1 : 0);
        String e2 = gE.equals(in(scaleByExp, 0)) ? in(scaleByExp, 1) : in(scaleByExp, 0);
        SameDiffOp exp2 = flow.producer(e2, "exp");
        if (exp2 == null || !n.equals(in(exp2, 0)) || !readsPair(scaleByExp, e2, gE) || flow.onlyReader(e2, "multiply") == null) {
            return null;
        }
        SameDiffOp negGrad = flow.onlyReader(out(scaleByExp, 0), "neg");
        String gA = negGrad == null ? null : out(negGrad, 0);
        SameDiffOp signTimes = gA == null ? null : flow.onlyReader(gA, "multiply");
        if (signTimes == null) {
            return null;
        }
        String sg = gA.equals(in(signTimes, 0)) ? in(signTimes, 1) : in(signTimes, 0);
        SameDiffOp sign = flow.producer(sg, "sign");
        if (sign == null || !l.equals(in(sign, 0)) || !readsPair(signTimes, sg, gA) || flow.onlyReader(sg, "multiply") == null) {
            return null;
        }
        String c1 = out(reluBp, 0);
        String c3 = out(signTimes, 0);
        // the three terms of L's gradient, added two and then the third
        List<String> terms = List.of(c1, c2, c3);
        SameDiffOp inner = null;
        String last = null;
        for (int i = 0; i < 3 && inner == null; i++) {
            for (int j = i + 1; j < 3 && inner == null; j++) {
                SameDiffOp op = flow.onlyReader(terms.get(i), "add");
                if (op != null && flow.onlyReader(terms.get(j), "add") == op && readsPair(op, terms.get(i), terms.get(j))) {
                    inner = op;
                    last = terms.get(3 - i - j);
                }
            }
        }
        SameDiffOp outer = inner == null ? null : flow.onlyReader(out(inner, 0), "add");
        // the kernel adds c3 last, as SameDiff M2.1 does; another order would change the last bits
        if (outer == null || !c3.equals(last) || !readsPair(outer, out(inner, 0), last) || flow.onlyReader(last, "add") != outer
                || flow.onlyReader(in(divide, 1), "divide") != divide) {
            return null;
        }
        List<SameDiffOp> gradientOps = List.of(addBp, subtractBp, plusOne, divide, reluBp, multiplyBp, inner, exp2,
                scaleByExp, negGrad, sign, signTimes, outer);
        Set<SameDiffOp> all = new HashSet<>(forwardOps);
        all.addAll(gradientOps);
        for (String v : intermediates) {
            if (flow.readOutside(v, all)) {
                return null;
            }
        }
        boolean xGradRead = flow.read(gX);
        List<String> outs = xGradRead ? List.of(out(outer, 0), gX) : List.of(out(outer, 0));
        SameDiffOp gradient = fusedOp(new Gradient(), "bernoulli_nll_bp", List.of(l, x, gS), outs);
        List<Fused> fused = new ArrayList<>();
        fused.add(new Fused(forward, forwardOps, sum));
        fused.add(new Fused(gradient, gradientOps, addBp));
        return fused;
    }

    private static SameDiffOp fusedOp(FusedOp f, String name, List<String> inputs, List<String> outputs) {
        return new SameDiffOp(name + "(" + outputs.get(0) + ")", f, List.copyOf(inputs), List.copyOf(outputs), null, null,
                null);
    }

    private static boolean sameLengths(INDArray[] arrays) {
        for (INDArray a : arrays) {
            if (!NativeView.usable(a) || a.length() != arrays[0].length()) {
                return false;
            }
        }
        return true;
    }

    /** {@code S = (max(L, 0) - L X) + log1p(exp(-|L|))}. */
    static final class Forward extends FusedOp {

        Forward() {
            super("bernoulli_nll");
        }

        @Override
        Kernel bind(INDArray[] in, INDArray[] out, boolean[] read) {
            if (!sameLengths(in) || !sameLengths(new INDArray[] {in[0], out[0]})) {
                return null;
            }
            ByteBuffer lb = NativeView.bytes(in[0]);
            ByteBuffer xb = NativeView.bytes(in[1]);
            ByteBuffer sb = NativeView.bytes(out[0]);
            int n = (int) out[0].length();
            return (member, members) -> {
                int[] range = Kernel.share(n, ElementwiseKernels.GRAIN, member, members);
                for (int from = range[0]; from < range[1]; from += BLOCK) {
                    int to = Math.min(range[1], from + BLOCK);
                    int whole = from + (to - from) / LANES * LANES;
                    expLoop(lb, sb, from, whole);
                    valueLoop(lb, xb, sb, from, whole);
                    if (whole < to) {
                        VectorMask<Float> mask = FLOATS.indexInRange(whole, to);
                        expTail(lb, sb, whole, mask);
                        valueTail(lb, xb, sb, whole, mask);
                    }
                }
            };
        }

        private static void valueLoop(ByteBuffer lb, ByteBuffer xb, ByteBuffer sb, int from, int to) {
            for (int i = from; i < to; i += LANES) {
                FloatVector l = FloatVector.fromByteBuffer(FLOATS, lb, 4 * i, NATIVE);
                FloatVector x = FloatVector.fromByteBuffer(FLOATS, xb, 4 * i, NATIVE);
                FloatVector e = FloatVector.fromByteBuffer(FLOATS, sb, 4 * i, NATIVE);
                l.max(0f).sub(l.mul(x)).add(VectorMath.log1p(e)).intoByteBuffer(sb, 4 * i, NATIVE);
            }
        }

        private static void valueTail(ByteBuffer lb, ByteBuffer xb, ByteBuffer sb, int i, VectorMask<Float> mask) {
            FloatVector l = FloatVector.fromByteBuffer(FLOATS, lb, 4 * i, NATIVE, mask);
            FloatVector x = FloatVector.fromByteBuffer(FLOATS, xb, 4 * i, NATIVE, mask);
            FloatVector e = FloatVector.fromByteBuffer(FLOATS, sb, 4 * i, NATIVE, mask);
            l.max(0f).sub(l.mul(x)).add(VectorMath.log1p(e)).intoByteBuffer(sb, 4 * i, NATIVE, mask);
        }
    }

    /** {@code out = exp(-|L|)} over whole vectors. */
    private static void expLoop(ByteBuffer lb, ByteBuffer out, int from, int to) {
        for (int i = from; i < to; i += LANES) {
            VectorMath.exp(FloatVector.fromByteBuffer(FLOATS, lb, 4 * i, NATIVE).abs().neg()).intoByteBuffer(out, 4 * i, NATIVE);
        }
    }

    private static void expTail(ByteBuffer lb, ByteBuffer out, int i, VectorMask<Float> mask) {
        VectorMath.exp(FloatVector.fromByteBuffer(FLOATS, lb, 4 * i, NATIVE, mask).abs().neg()).intoByteBuffer(out, 4 * i, NATIVE, mask);
    }

    /**
     * {@code gL = (c1 + c2) + c3} with {@code c1 = L > 0 ? gS : 0},
     * {@code c2 = -gS X}, {@code c3 = sign(L) (-(exp(-|L|) (gS / (exp(-|L|) + 1))))}; {@code gX = -gS L}.
     */
    static final class Gradient extends FusedOp {

        Gradient() {
            super("bernoulli_nll_bp");
        }

        @Override
        Kernel bind(INDArray[] in, INDArray[] out, boolean[] read) {
            INDArray[] all = new INDArray[in.length + out.length];
            System.arraycopy(in, 0, all, 0, in.length);
            System.arraycopy(out, 0, all, in.length, out.length);
            if (!sameLengths(all)) {
                return null;
            }
            ByteBuffer lb = NativeView.bytes(in[0]);
            ByteBuffer xb = NativeView.bytes(in[1]);
            ByteBuffer gb = NativeView.bytes(in[2]);
            ByteBuffer glb = NativeView.bytes(out[0]);
            ByteBuffer gxb = out.length > 1 ? NativeView.bytes(out[1]) : null;
            int n = (int) out[0].length();
            return (member, members) -> {
                int[] range = Kernel.share(n, ElementwiseKernels.GRAIN, member, members);
                for (int from = range[0]; from < range[1]; from += BLOCK) {
                    int to = Math.min(range[1], from + BLOCK);
                    int whole = from + (to - from) / LANES * LANES;
                    expLoop(lb, glb, from, whole);
                    gradientLoop(lb, xb, gb, glb, gxb, from, whole);
                    if (whole < to) {
                        VectorMask<Float> mask = FLOATS.indexInRange(whole, to);
                        expTail(lb, glb, whole, mask);
                        gradientTail(lb, xb, gb, glb, gxb, whole, mask);
                    }
                }
            };
        }

        private static void gradientLoop(ByteBuffer lb, ByteBuffer xb, ByteBuffer gb, ByteBuffer glb, ByteBuffer gxb,
                int from, int to) {
            for (int i = from; i < to; i += LANES) {
                FloatVector l = FloatVector.fromByteBuffer(FLOATS, lb, 4 * i, NATIVE);
                FloatVector x = FloatVector.fromByteBuffer(FLOATS, xb, 4 * i, NATIVE);
                FloatVector g = FloatVector.fromByteBuffer(FLOATS, gb, 4 * i, NATIVE);
                FloatVector e = FloatVector.fromByteBuffer(FLOATS, glb, 4 * i, NATIVE);
                gradient(l, x, g, e).intoByteBuffer(glb, 4 * i, NATIVE);
                if (gxb != null) {
                    g.neg().mul(l).intoByteBuffer(gxb, 4 * i, NATIVE);
                }
            }
        }

        private static void gradientTail(ByteBuffer lb, ByteBuffer xb, ByteBuffer gb, ByteBuffer glb, ByteBuffer gxb,
                int i, VectorMask<Float> mask) {
            FloatVector l = FloatVector.fromByteBuffer(FLOATS, lb, 4 * i, NATIVE, mask);
            FloatVector x = FloatVector.fromByteBuffer(FLOATS, xb, 4 * i, NATIVE, mask);
            FloatVector g = FloatVector.fromByteBuffer(FLOATS, gb, 4 * i, NATIVE, mask);
            FloatVector e = FloatVector.fromByteBuffer(FLOATS, glb, 4 * i, NATIVE, mask);
            gradient(l, x, g, e).intoByteBuffer(glb, 4 * i, NATIVE, mask);
            if (gxb != null) {
                g.neg().mul(l).intoByteBuffer(gxb, 4 * i, NATIVE, mask);
            }
        }

        /** @param e {@code exp(-|L|)} */
        private static FloatVector gradient(FloatVector l, FloatVector x, FloatVector g, FloatVector e) {
            FloatVector c1 = g.blend(0f, l.compare(VectorOperators.LE, 0f));         // thresholdedrelu_bp
            FloatVector c2 = g.neg().mul(x);                                         // subtract_bp, multiply_bp
            FloatVector ge = g.div(e.add(1f));                                       // add_scalar, divide
            FloatVector one = FloatVector.broadcast(FLOATS, 1f);
            FloatVector sign = one.blend(0f, l.compare(VectorOperators.GT, 0f).not())
                    .sub(one.blend(0f, l.compare(VectorOperators.LT, 0f).not()));  // as ElementwiseKernels' SIGN
            FloatVector c3 = sign.mul(e.mul(ge).neg());
            return c1.add(c2).add(c3);
        }
    }
}
