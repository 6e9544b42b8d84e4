package org.vaelab.engine.compiled;

import static org.vaelab.engine.compiled.Fusions.arity;
import static org.vaelab.engine.compiled.Fusions.fusedOp;
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
 * The overflow-free softplus {@code max(l, 0) + log(1 + exp(-|l|))} as {@code VaeOps.softplus} writes it, and
 * the Bernoulli negative log-likelihood per pixel {@code max(l, 0) - l x + log(1 + exp(-|l|))} as
 * {@code VaeOps.bernoulliNllPerPixel} writes it, with the ops SameDiff M2.1's autodiff generates for their gradients:
 * <pre>
 *   forward   R = relu(L)   A = abs(L)   N = neg(A)   E = exp(N)   T = log1p(E)
 *             softplus S = R + T;   Bernoulli M = L * X   D = R - M   S = D + T
 *   gradient  P = E + 1   gE = gT / P   E2 = exp(N)   gN = E2 * gE   gA = -gN   c3 = sign(L) * gA
 *             c1 = thresholdedrelu_bp(L, gR)
 *             softplus (gR, gT) = add_bp(R, T, gS)                           gL = c1 + c3
 *             Bernoulli (gD, gT) = add_bp(D, T, gS)   (gR, gM) = subtract_bp(R, M, gD)
 *                       (c2, gX) = multiply_bp(L, X, gM)                      gL = (c1 + c2) + c3
 * </pre>
 * Fused, the forward is one pass over L (and X) giving S, and the gradient one pass over L (X) and gS giving
 * gL (and gX where something reads it), each with the unfused kernels' float operations in their order.
 */
final class SoftplusChain {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = FLOATS.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /**
     * Values a kernel finishes at a time, in two loops: exp(-|L|) into the output, then the rest from it. One
     * loop with all the arithmetic passed the JIT's inlining budget, which boxes every vector (3 to 4 times
     * slower); the block stays in the first-level cache between the two.
     */
    private static final int BLOCK = 1024;

    private SoftplusChain() {}

    /** The shared tail {@code T = log1p(exp(-|L|))}: its ops and variables. */
    private record Tail(String l, String a, String n, String e, String t, List<SameDiffOp> ops) {

        static Tail match(SameDiffOp log1p, Dataflow flow) {
            String e = in(log1p, 0);
            SameDiffOp exp = flow.producer(e, "exp");
            String n = exp == null ? null : in(exp, 0);
            SameDiffOp neg = n == null ? null : flow.producer(n, "neg");
            String a = neg == null ? null : in(neg, 0);
            SameDiffOp abs = a == null ? null : flow.producer(a, "abs");
            if (abs == null || arity(log1p) != 1 || arity(exp) != 1 || arity(neg) != 1 || arity(abs) != 1) {
                return null;
            }
            return new Tail(in(abs, 0), a, n, e, out(log1p, 0), List.of(abs, neg, exp, log1p));
        }

        /**
         * The tail's gradient, from gT to {@code c3 = sign(L) * -(exp(N) * (gT / (E + 1)))}.
         *
         * @return its ops, the last one producing c3; null where the ops are not these
         */
        List<SameDiffOp> gradient(String gT, Dataflow flow) {
            SameDiffOp divide = flow.onlyReader(gT, "divide");
            if (divide == null || !gT.equals(in(divide, 0))) {
                return null;
            }
            SameDiffOp plusOne = flow.producer(in(divide, 1), "add_scalar");
            if (plusOne == null || !e.equals(in(plusOne, 0)) || Fusions.scalar(plusOne) != 1f
                    || flow.onlyReader(in(divide, 1), "divide") != divide) {
                return null;
            }
            String gE = out(divide, 0);
            SameDiffOp scaleByExp = flow.onlyReader(gE, "multiply");
            if (scaleByExp == null) {
                return null;
            }
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
            return List.of(plusOne, divide, exp2, scaleByExp, negGrad, sign, signTimes);
        }
    }

    /**
     * @param log1p a {@code log1p} op of the program
     * @param flow the program's dataflow
     * @return the fused forward (and gradient, where the program has it), or null where the chain around
     *     {@code log1p} is neither form or something outside it reads its intermediate values
     */
    static List<Fused> matchAll(SameDiffOp log1p, Dataflow flow) {
        Tail tail = Tail.match(log1p, flow);
        if (tail == null) {
            return null;
        }
        String l = tail.l();
        for (SameDiffOp sum : flow.readers(tail.t())) {
            if (!sum.getOp().opName().equals("add") || arity(sum) != 2) {
                continue;
            }
            String other = tail.t().equals(in(sum, 1)) ? in(sum, 0) : in(sum, 1);
            SameDiffOp relu = relu(flow.producer(other, "relu"), l);
            if (relu != null) {
                return softplus(tail, relu, sum, flow);
            }
            SameDiffOp subtract = flow.producer(other, "subtract");
            if (subtract != null && arity(subtract) == 2) {
                return bernoulli(tail, relu(flow.producer(in(subtract, 0), "relu"), l), subtract, sum, flow);
            }
        }
        return null;
    }

    /** @return {@code op} where it is {@code relu(l)} with cutoff 0, else null */
    private static SameDiffOp relu(SameDiffOp op, String l) {
        return op != null && arity(op) == 1 && l.equals(in(op, 0)) && Fusions.scalar(op) == 0f ? op : null;
    }

    /** @return the gradient's add_bp over {@code sum}'s inputs, or null */
    private static SameDiffOp addBp(SameDiffOp sum, Dataflow flow) {
        for (SameDiffOp op : flow.readers(in(sum, 0))) {
            if (op.getOp().opName().equals("add_bp") && arity(op) == 3 && in(op, 0).equals(in(sum, 0))
                    && in(op, 1).equals(in(sum, 1))) {
                return op;
            }
        }
        return null;
    }

    private static List<Fused> softplus(Tail tail, SameDiffOp relu, SameDiffOp sum, Dataflow flow) {
        String l = tail.l();
        String r = out(relu, 0);
        List<SameDiffOp> forwardOps = new ArrayList<>(tail.ops());
        forwardOps.add(relu);
        forwardOps.add(sum);
        List<String> intermediates = List.of(r, tail.a(), tail.n(), tail.e(), tail.t());
        if (intermediates.stream().noneMatch(v -> flow.readOutside(v, forwardOps))) {   // no gradient in this program
            return List.of(new Fused(fusedOp(new Forward(false, false), List.of(l), List.of(out(sum, 0))), forwardOps, sum));
        }
        SameDiffOp addBp = addBp(sum, flow);
        if (addBp == null) {
            return null;
        }
        boolean rFirst = r.equals(in(sum, 0));
        String gR = out(addBp, rFirst ? 0 : 1);
        String gT = out(addBp, rFirst ? 1 : 0);
        SameDiffOp reluBp = flow.onlyReader(gR, "thresholdedrelu_bp");
        List<SameDiffOp> tailGradient = tail.gradient(gT, flow);
        if (reluBp == null || !l.equals(in(reluBp, 0)) || Fusions.tArg(reluBp) != 0.0 || tailGradient == null) {
            return null;
        }
        String c1 = out(reluBp, 0);
        String c3 = out(tailGradient.get(tailGradient.size() - 1), 0);
        SameDiffOp total = flow.onlyReader(c1, "add");
        if (total == null || flow.onlyReader(c3, "add") != total || !readsPair(total, c1, c3)) {
            return null;
        }
        List<SameDiffOp> gradientOps = new ArrayList<>(List.of(addBp, reluBp));
        gradientOps.addAll(tailGradient);
        gradientOps.add(total);
        if (readOutside(intermediates, forwardOps, gradientOps, flow)) {
            return null;
        }
        return withGradient(false, tail, List.of(l), out(sum, 0), forwardOps, sum, List.of(l, in(addBp, 2)),
                List.of(out(total, 0)), gradientOps, addBp);
    }

    private static List<Fused> bernoulli(Tail tail, SameDiffOp relu, SameDiffOp subtract, SameDiffOp sum, Dataflow flow) {
        String l = tail.l();
        String m = in(subtract, 1);
        SameDiffOp multiply = flow.producer(m, "multiply");
        if (relu == null || !out(relu, 0).equals(in(subtract, 0)) || multiply == null || arity(multiply) != 2
                || !(l.equals(in(multiply, 0)) || l.equals(in(multiply, 1)))) {
            return null;
        }
        boolean lFirst = l.equals(in(multiply, 0));
        String x = lFirst ? in(multiply, 1) : in(multiply, 0);
        if (x.equals(l)) {
            return null;
        }
        String r = out(relu, 0);
        String d = out(subtract, 0);
        List<SameDiffOp> forwardOps = new ArrayList<>(tail.ops());
        forwardOps.addAll(List.of(relu, multiply, subtract, sum));
        List<String> intermediates = List.of(r, tail.a(), tail.n(), tail.e(), tail.t(), m, d);
        if (intermediates.stream().noneMatch(v -> flow.readOutside(v, forwardOps))) {   // no gradient (evaluation)
            return List.of(new Fused(fusedOp(new Forward(true, false), List.of(l, x), List.of(out(sum, 0))), forwardOps, sum));
        }
        SameDiffOp addBp = addBp(sum, flow);
        if (addBp == null) {
            return null;
        }
        boolean dFirst = d.equals(in(sum, 0));
        String gD = out(addBp, dFirst ? 0 : 1);
        String gT = out(addBp, dFirst ? 1 : 0);
        SameDiffOp subtractBp = flow.onlyReader(gD, "subtract_bp");
        List<SameDiffOp> tailGradient = tail.gradient(gT, flow);
        if (subtractBp == null || !r.equals(in(subtractBp, 0)) || !m.equals(in(subtractBp, 1)) || tailGradient == null) {
            return null;
        }
        SameDiffOp reluBp = flow.onlyReader(out(subtractBp, 0), "thresholdedrelu_bp");
        SameDiffOp multiplyBp = flow.onlyReader(out(subtractBp, 1), "multiply_bp");
        if (reluBp == null || !l.equals(in(reluBp, 0)) || Fusions.tArg(reluBp) != 0.0 || multiplyBp == null
                || !in(multiplyBp, 0).equals(in(multiply, 0)) || !in(multiplyBp, 1).equals(in(multiply, 1))) {
            return null;
        }
        String c1 = out(reluBp, 0);
        String c2 = out(multiplyBp, lFirst ? 0 : 1);
        String gX = out(multiplyBp, lFirst ? 1 : 0);
        String c3 = out(tailGradient.get(tailGradient.size() - 1), 0);
        // (c1 + c2) + c3, as SameDiff M2.1 adds them; another order would change the last bits
        SameDiffOp inner = flow.onlyReader(c1, "add");
        SameDiffOp outer = inner == null ? null : flow.onlyReader(out(inner, 0), "add");
        if (inner == null || flow.onlyReader(c2, "add") != inner || !readsPair(inner, c1, c2) || outer == null
                || flow.onlyReader(c3, "add") != outer || !readsPair(outer, out(inner, 0), c3)) {
            return null;
        }
        List<SameDiffOp> gradientOps = new ArrayList<>(List.of(addBp, subtractBp, reluBp, multiplyBp, inner));
        gradientOps.addAll(tailGradient);
        gradientOps.add(outer);
        if (readOutside(intermediates, forwardOps, gradientOps, flow)) {
            return null;
        }
        List<String> outs = flow.read(gX) ? List.of(out(outer, 0), gX) : List.of(out(outer, 0));
        return withGradient(true, tail, List.of(l, x), out(sum, 0), forwardOps, sum, List.of(l, x, in(addBp, 2)), outs,
                gradientOps, addBp);
    }

    /**
     * The forward and its gradient, the forward also keeping {@code E = exp(-|L|)} (the tail's own variable) for
     * the gradient to read instead of working it out again: the same values, one exponential pass fewer.
     */
    private static List<Fused> withGradient(boolean bernoulli, Tail tail, List<String> forwardInputs, String s,
            List<SameDiffOp> forwardOps, SameDiffOp sum, List<String> gradientInputs, List<String> gradientOutputs,
            List<SameDiffOp> gradientOps, SameDiffOp addBp) {
        SameDiffOp forward = fusedOp(new Forward(bernoulli, true), forwardInputs, List.of(s, tail.e()));
        List<String> inputs = new ArrayList<>(gradientInputs);
        inputs.add(tail.e());
        SameDiffOp gradient = fusedOp(new Gradient(bernoulli, true), inputs, gradientOutputs);
        return List.of(new Fused(forward, forwardOps, sum), new Fused(gradient, gradientOps, addBp));
    }

    private static boolean readOutside(List<String> intermediates, List<SameDiffOp> forwardOps, List<SameDiffOp> gradientOps,
            Dataflow flow) {
        Set<SameDiffOp> all = new HashSet<>(forwardOps);
        all.addAll(gradientOps);
        return intermediates.stream().anyMatch(v -> flow.readOutside(v, all));
    }

    private static boolean sameLengths(INDArray[] in, INDArray[] out) {
        for (INDArray[] arrays : List.of(in, out)) {
            for (INDArray a : arrays) {
                if (!NativeView.usable(a) || a.length() != in[0].length()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A member's share of n values in blocks: each block's whole vectors, then its part-vector through a mask. */
    private interface Blocks {
        void run(int from, int to, VectorMask<Float> tail);

        static Kernel of(int n, Blocks blocks) {
            return (member, members) -> {
                int[] range = Kernel.share(n, ElementwiseKernels.GRAIN, member, members);
                for (int from = range[0]; from < range[1]; from += BLOCK) {
                    int to = Math.min(range[1], from + BLOCK);
                    int whole = from + (to - from) / LANES * LANES;
                    blocks.run(from, whole, whole < to ? FLOATS.indexInRange(whole, to) : null);
                }
            };
        }
    }

    /** A fused op of either form: the Bernoulli likelihood's (inputs L, X, ...) or the softplus's (L, ...). */
    private abstract static class Form extends FusedOp {

        final boolean bernoulli;

        Form(boolean bernoulli, String name) {
            super(bernoulli ? "bernoulli_nll" + name : "stable_softplus" + name);
            this.bernoulli = bernoulli;
        }
    }

    /**
     * Softplus {@code S = max(L, 0) + log1p(exp(-|L|))}, or the Bernoulli {@code S = (max(L, 0) - L X) + log1p(exp(-|L|))};
     * where {@code keepsExp}, a second output {@code E = exp(-|L|)} for the gradient.
     */
    static final class Forward extends Form {

        private final boolean keepsExp;

        Forward(boolean bernoulli, boolean keepsExp) {
            super(bernoulli, "");
            this.keepsExp = keepsExp;
        }

        @Override
        Kernel bind(INDArray[] in, INDArray[] out, boolean[] read) {
            if (!sameLengths(in, out)) {
                return null;
            }
            ByteBuffer lb = NativeView.bytes(in[0]);
            ByteBuffer xb = bernoulli ? NativeView.bytes(in[1]) : null;
            ByteBuffer sb = NativeView.bytes(out[0]);
            ByteBuffer eb = keepsExp ? NativeView.bytes(out[1]) : sb;      // else S holds E until overwritten
            int n = (int) out[0].length();
            // one lambda per form: each is compiled with only its own loops inlined
            return bernoulli ? Blocks.of(n, (from, whole, tail) -> {
                expLoop(lb, eb, from, whole);
                bernoulliLoop(lb, xb, eb, sb, from, whole);
                if (tail != null) {
                    expTail(lb, eb, whole, tail);
                    bernoulliTail(lb, xb, eb, sb, whole, tail);
                }
            }) : Blocks.of(n, (from, whole, tail) -> {
                expLoop(lb, eb, from, whole);
                softplusLoop(lb, eb, sb, from, whole);
                if (tail != null) {
                    expTail(lb, eb, whole, tail);
                    softplusTail(lb, eb, sb, whole, tail);
                }
            });
        }

        private static void softplusLoop(ByteBuffer lb, ByteBuffer eb, ByteBuffer sb, int from, int to) {
            for (int i = from; i < to; i += LANES) {
                FloatVector l = FloatVector.fromByteBuffer(FLOATS, lb, 4 * i, NATIVE);
                FloatVector e = FloatVector.fromByteBuffer(FLOATS, eb, 4 * i, NATIVE);
                l.max(0f).add(VectorMath.log1p(e)).intoByteBuffer(sb, 4 * i, NATIVE);
            }
        }

        private static void softplusTail(ByteBuffer lb, ByteBuffer eb, ByteBuffer sb, int i, VectorMask<Float> mask) {
            FloatVector l = FloatVector.fromByteBuffer(FLOATS, lb, 4 * i, NATIVE, mask);
            FloatVector e = FloatVector.fromByteBuffer(FLOATS, eb, 4 * i, NATIVE, mask);
            l.max(0f).add(VectorMath.log1p(e)).intoByteBuffer(sb, 4 * i, NATIVE, mask);
        }

        private static void bernoulliLoop(ByteBuffer lb, ByteBuffer xb, ByteBuffer eb, ByteBuffer sb, int from, int to) {
            for (int i = from; i < to; i += LANES) {
                FloatVector l = FloatVector.fromByteBuffer(FLOATS, lb, 4 * i, NATIVE);
                FloatVector x = FloatVector.fromByteBuffer(FLOATS, xb, 4 * i, NATIVE);
                FloatVector e = FloatVector.fromByteBuffer(FLOATS, eb, 4 * i, NATIVE);
                l.max(0f).sub(l.mul(x)).add(VectorMath.log1p(e)).intoByteBuffer(sb, 4 * i, NATIVE);
            }
        }

        private static void bernoulliTail(ByteBuffer lb, ByteBuffer xb, ByteBuffer eb, ByteBuffer sb, int i,
                VectorMask<Float> mask) {
            FloatVector l = FloatVector.fromByteBuffer(FLOATS, lb, 4 * i, NATIVE, mask);
            FloatVector x = FloatVector.fromByteBuffer(FLOATS, xb, 4 * i, NATIVE, mask);
            FloatVector e = FloatVector.fromByteBuffer(FLOATS, eb, 4 * i, NATIVE, mask);
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
     * {@code c1 = L > 0 ? gS : 0}, {@code c3 = sign(L) (-(exp(-|L|) (gS / (exp(-|L|) + 1))))}; softplus
     * {@code gL = c1 + c3}; Bernoulli {@code gL = (c1 + c2) + c3} with {@code c2 = -gS X}, and {@code gX = -gS L}.
     */
    static final class Gradient extends Form {

        private final boolean givenExp;

        /** @param givenExp whether the last input is {@code E = exp(-|L|)} (kept by the forward), else worked out */
        Gradient(boolean bernoulli, boolean givenExp) {
            super(bernoulli, "_bp");
            this.givenExp = givenExp;
        }

        @Override
        Kernel bind(INDArray[] in, INDArray[] out, boolean[] read) {
            if (!sameLengths(in, out)) {
                return null;
            }
            ByteBuffer lb = NativeView.bytes(in[0]);
            ByteBuffer xb = bernoulli ? NativeView.bytes(in[1]) : null;
            ByteBuffer gb = NativeView.bytes(in[bernoulli ? 2 : 1]);
            ByteBuffer glb = NativeView.bytes(out[0]);
            ByteBuffer gxb = out.length > 1 ? NativeView.bytes(out[1]) : null;
            ByteBuffer eb = givenExp ? NativeView.bytes(in[in.length - 1]) : glb;   // else gL holds E until overwritten
            int n = (int) out[0].length();
            return bernoulli ? Blocks.of(n, (from, whole, tail) -> {
                if (!givenExp) {
                    expLoop(lb, glb, from, whole);
                }
                bernoulliLoop(lb, xb, gb, eb, glb, gxb, from, whole);
                if (tail != null) {
                    if (!givenExp) {
                        expTail(lb, glb, whole, tail);
                    }
                    bernoulliTail(lb, xb, gb, eb, glb, gxb, whole, tail);
                }
            }) : Blocks.of(n, (from, whole, tail) -> {
                if (!givenExp) {
                    expLoop(lb, glb, from, whole);
                }
                softplusLoop(lb, gb, eb, glb, from, whole);
                if (tail != null) {
                    if (!givenExp) {
                        expTail(lb, glb, whole, tail);
                    }
                    softplusTail(lb, gb, eb, glb, whole, tail);
                }
            });
        }

        private static void softplusLoop(ByteBuffer lb, ByteBuffer gb, ByteBuffer eb, ByteBuffer glb, int from, int to) {
            for (int i = from; i < to; i += LANES) {
                FloatVector l = FloatVector.fromByteBuffer(FLOATS, lb, 4 * i, NATIVE);
                FloatVector g = FloatVector.fromByteBuffer(FLOATS, gb, 4 * i, NATIVE);
                FloatVector e = FloatVector.fromByteBuffer(FLOATS, eb, 4 * i, NATIVE);
                reluGradient(l, g).add(tailGradient(l, g, e)).intoByteBuffer(glb, 4 * i, NATIVE);
            }
        }

        private static void softplusTail(ByteBuffer lb, ByteBuffer gb, ByteBuffer eb, ByteBuffer glb, int i,
                VectorMask<Float> mask) {
            FloatVector l = FloatVector.fromByteBuffer(FLOATS, lb, 4 * i, NATIVE, mask);
            FloatVector g = FloatVector.fromByteBuffer(FLOATS, gb, 4 * i, NATIVE, mask);
            FloatVector e = FloatVector.fromByteBuffer(FLOATS, eb, 4 * i, NATIVE, mask);
            reluGradient(l, g).add(tailGradient(l, g, e)).intoByteBuffer(glb, 4 * i, NATIVE, mask);
        }

        private static void bernoulliLoop(ByteBuffer lb, ByteBuffer xb, ByteBuffer gb, ByteBuffer eb, ByteBuffer glb,
                ByteBuffer gxb, int from, int to) {
            for (int i = from; i < to; i += LANES) {
                FloatVector l = FloatVector.fromByteBuffer(FLOATS, lb, 4 * i, NATIVE);
                FloatVector x = FloatVector.fromByteBuffer(FLOATS, xb, 4 * i, NATIVE);
                FloatVector g = FloatVector.fromByteBuffer(FLOATS, gb, 4 * i, NATIVE);
                FloatVector e = FloatVector.fromByteBuffer(FLOATS, eb, 4 * i, NATIVE);
                FloatVector c2 = g.neg().mul(x);                                 // subtract_bp, multiply_bp
                reluGradient(l, g).add(c2).add(tailGradient(l, g, e)).intoByteBuffer(glb, 4 * i, NATIVE);
                if (gxb != null) {
                    g.neg().mul(l).intoByteBuffer(gxb, 4 * i, NATIVE);
                }
            }
        }

        private static void bernoulliTail(ByteBuffer lb, ByteBuffer xb, ByteBuffer gb, ByteBuffer eb, ByteBuffer glb,
                ByteBuffer gxb, int i, VectorMask<Float> mask) {
            FloatVector l = FloatVector.fromByteBuffer(FLOATS, lb, 4 * i, NATIVE, mask);
            FloatVector x = FloatVector.fromByteBuffer(FLOATS, xb, 4 * i, NATIVE, mask);
            FloatVector g = FloatVector.fromByteBuffer(FLOATS, gb, 4 * i, NATIVE, mask);
            FloatVector e = FloatVector.fromByteBuffer(FLOATS, eb, 4 * i, NATIVE, mask);
            FloatVector c2 = g.neg().mul(x);
            reluGradient(l, g).add(c2).add(tailGradient(l, g, e)).intoByteBuffer(glb, 4 * i, NATIVE, mask);
            if (gxb != null) {
                g.neg().mul(l).intoByteBuffer(gxb, 4 * i, NATIVE, mask);
            }
        }

        /** thresholdedrelu_bp at cutoff 0: {@code L > 0 ? g : 0}. */
        private static FloatVector reluGradient(FloatVector l, FloatVector g) {
            return g.blend(0f, l.compare(VectorOperators.LE, 0f));
        }

        /** {@code sign(L) * -(e * (g / (e + 1)))}, e = exp(-|L|): add_scalar, divide, multiply, neg, sign, multiply. */
        private static FloatVector tailGradient(FloatVector l, FloatVector g, FloatVector e) {
            FloatVector one = FloatVector.broadcast(FLOATS, 1f);
            FloatVector sign = one.blend(0f, l.compare(VectorOperators.GT, 0f).not())
                    .sub(one.blend(0f, l.compare(VectorOperators.LT, 0f).not()));      // as ElementwiseKernels' SIGN
            return sign.mul(e.mul(g.div(e.add(1f))).neg());
        }
    }
}
