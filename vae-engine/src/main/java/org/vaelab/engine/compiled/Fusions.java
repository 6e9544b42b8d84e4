package org.vaelab.engine.compiled;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

/**
 * Rewrites a compiled program's op list where a known chain of element-wise ops, and the ops SameDiff's
 * autodiff generated for its gradient, can be computed by one kernel each way with the same values.
 *
 * <p>Why: the overflow-free Bernoulli likelihood {@code max(l, 0) - l x + log(1 + exp(-|l|))} is eight ops,
 * and its gradient thirteen more, each a pass over the whole output batch: at 64x64 pixels and batch 128
 * they were 4 ms of a 28 ms training step, where one pass each way does the work. The overflow-free softplus
 * that other likelihoods use is the same chain without {@code - l x} ({@link SoftplusChain}). A layer's product
 * and its ReLU, and the ReLU's gradient with the product before it, are the other chains ({@link ProductActivation}).
 * A chain is fused
 * only where it matches exactly and nothing outside it reads its intermediate values; anything else runs op
 * by op, so the rewrite changes speed, never results (the fused kernels do the same float operations in the
 * same order, so the values are the same bits).
 */
final class Fusions {

    private Fusions() {}

    /**
     * @param order the program's ops in execution order
     * @param outputs the variables the caller reads after a run
     * @return the op list with every matched chain replaced by its fused op (the same list if none matched)
     */
    static List<SameDiffOp> apply(List<SameDiffOp> order, Collection<String> outputs) {
        Dataflow flow = new Dataflow(order, outputs);
        Map<SameDiffOp, SameDiffOp> replacedBy = new HashMap<>();     // the op whose place a fused op takes -> it
        Set<SameDiffOp> removed = new HashSet<>();
        // each matcher starts from its chain's one distinctive op; a chain touching ops already fused is left alone
        Map<String, BiFunction<SameDiffOp, Dataflow, List<Fused>>> matchers = new LinkedHashMap<>();
        matchers.put("log1p", SoftplusChain::matchAll);
        matchers.put("relu", ProductActivation::match);
        matchers.forEach((type, matcher) -> {
            for (SameDiffOp op : order) {
                if (!op.getOp().opName().equals(type) || removed.contains(op)) {
                    continue;
                }
                List<Fused> chain = matcher.apply(op, flow);
                if (chain == null || chain.stream().anyMatch(f -> f.replaced().stream().anyMatch(removed::contains))) {
                    continue;
                }
                for (Fused f : chain) {
                    removed.addAll(f.replaced());
                    replacedBy.put(f.at(), f.op());
                }
            }
        });
        if (removed.isEmpty()) {
            return order;
        }
        List<SameDiffOp> rewritten = new ArrayList<>();
        for (SameDiffOp op : order) {
            SameDiffOp fused = replacedBy.get(op);
            if (fused != null) {
                rewritten.add(fused);
            } else if (!removed.contains(op)) {
                rewritten.add(op);
            }
        }
        return rewritten;
    }

    /**
     * A fused op, the ops it replaces, and the one of them whose place it takes: one where every input of the
     * fused op is ready and no reader of its outputs has run yet.
     */
    record Fused(SameDiffOp op, List<SameDiffOp> replaced, SameDiffOp at) {}

    /** Who produces and who reads each variable of a program. */
    static final class Dataflow {
        private final Map<String, SameDiffOp> producer = new HashMap<>();
        private final Map<String, List<SameDiffOp>> readers = new HashMap<>();
        private final Set<String> outputs;

        Dataflow(List<SameDiffOp> order, Collection<String> outputs) {
            this.outputs = Set.copyOf(outputs);
            for (SameDiffOp op : order) {
                for (String out : op.getOutputsOfOp()) {
                    producer.put(out, op);
                }
                for (String in : inputs(op)) {
                    readers.computeIfAbsent(in, k -> new ArrayList<>()).add(op);
                }
            }
        }

        static List<String> inputs(SameDiffOp op) {
            return op.getInputsToOp() == null ? List.of() : op.getInputsToOp();
        }

        /** @return the op producing {@code var} if it is of type {@code type}, else null */
        SameDiffOp producer(String var, String type) {
            SameDiffOp op = producer.get(var);
            return op != null && op.getOp().opName().equals(type) ? op : null;
        }

        /** @return the ops reading {@code var} */
        List<SameDiffOp> readers(String var) {
            return readers.getOrDefault(var, List.of());
        }

        /** @return whether the caller or any op outside {@code set} reads {@code var} */
        boolean readOutside(String var, Collection<SameDiffOp> set) {
            if (outputs.contains(var)) {
                return true;
            }
            for (SameDiffOp r : readers(var)) {
                if (!set.contains(r)) {
                    return true;
                }
            }
            return false;
        }

        /** @return whether anything reads {@code var} */
        boolean read(String var) {
            return outputs.contains(var) || !readers(var).isEmpty();
        }

        /** @return the only op reading {@code var} if it is of type {@code type}, else null */
        SameDiffOp onlyReader(String var, String type) {
            List<SameDiffOp> r = readers(var);
            return r.size() == 1 && r.get(0).getOp().opName().equals(type) && !outputs.contains(var) ? r.get(0) : null;
        }
    }

    // ---------------------------------------------------------------- matching helpers

    /** @return a program op running {@code f} on the named inputs and outputs, named after its first output */
    static SameDiffOp fusedOp(FusedOp f, List<String> inputs, List<String> outputs) {
        return new SameDiffOp(f.opName() + "(" + outputs.get(0) + ")", f, List.copyOf(inputs), List.copyOf(outputs), null,
                null, null);
    }

    static String in(SameDiffOp op, int i) {
        List<String> ins = Dataflow.inputs(op);
        return i < ins.size() ? ins.get(i) : null;
    }

    static String out(SameDiffOp op, int i) {
        return op.getOutputsOfOp().get(i);
    }

    static int arity(SameDiffOp op) {
        return Dataflow.inputs(op).size();
    }

    /** @return the scalar of a scalar op (relu's cutoff, add_scalar's addend), NaN where there is none */
    static float scalar(SameDiffOp op) {
        return Kernels.scalarValue(op.getOp());
    }

    /** @return the single floating-point argument of a custom op (thresholdedrelu_bp's cutoff), NaN otherwise */
    static double tArg(SameDiffOp op) {
        return op.getOp() instanceof DynamicCustomOp c && c.tArgs().length == 1 ? c.tArgs()[0] : Double.NaN;
    }

    /** @return whether {@code op} reads exactly {@code a} and {@code b}, in either order */
    static boolean readsPair(SameDiffOp op, String a, String b) {
        return arity(op) == 2 && (a.equals(in(op, 0)) && b.equals(in(op, 1)) || b.equals(in(op, 0)) && a.equals(in(op, 1)));
    }
}
