package org.vaelab.engine.compiled;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ops.BaseReduceOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.TransformOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Identity;

/**
 * Rewrites a program so that an op computing exactly what an earlier op computed (the same op, the same
 * arguments, the same inputs) passes the earlier op's output through instead of computing it again.
 *
 * <p>Why: a VAE's evaluation graph states the reconstruction term twice, once as the model's likelihood for
 * the ELBO ({@code eval/recon}) and once as the loss term's metric ({@code loss/recon}); on 64x64 images each is
 * a pass over the whole output batch. Only ops whose result is fixed by their type, arguments and inputs are
 * merged: custom ops by their integer, float, boolean, type and string arguments, and ND4J's legacy scalar,
 * transform and reduction ops by their op number, scalar, extra arguments, dimensions and keep-dims flag.
 * Random ops, ops with several outputs and any other kind run as they are. The merged result is the same
 * array, so the values are the same bits.
 */
final class CommonSubexpressions {

    private CommonSubexpressions() {}

    /**
     * @param order the program's ops in execution order
     * @return the op list with every repeated op replaced by an identity of its first occurrence (the same list
     *     if none repeats)
     */
    static List<SameDiffOp> merge(List<SameDiffOp> order) {
        Map<String, String> firstOutput = new HashMap<>();         // a repeated op's output -> the first one's
        Map<String, SameDiffOp> seen = new HashMap<>();
        List<SameDiffOp> merged = new ArrayList<>(order.size());
        boolean changed = false;
        for (SameDiffOp op : order) {
            String key = key(op, firstOutput);
            SameDiffOp first = key == null ? null : seen.putIfAbsent(key, op);
            if (first == null) {
                merged.add(op);
                continue;
            }
            String original = first.getOutputsOfOp().get(0);
            String repeated = op.getOutputsOfOp().get(0);
            firstOutput.put(repeated, original);
            merged.add(new SameDiffOp(op.getName(), new Identity(), List.of(original), List.of(repeated), null, null, null));
            changed = true;
        }
        return changed ? merged : order;
    }

    /** @return what fixes the op's result, or null for an op that is never merged */
    private static String key(SameDiffOp op, Map<String, String> firstOutput) {
        DifferentialFunction f = op.getOp();
        if (op.getOutputsOfOp() == null || op.getOutputsOfOp().size() != 1 || f instanceof Identity
                || f.getClass().getName().contains(".random.")) {
            return null;
        }
        StringBuilder key = new StringBuilder(f.getClass().getName()).append('|').append(f.opName());
        if (f instanceof FusedOp) {
            key.append('|');                                   // its name and inputs say it all
        } else if (f instanceof DynamicCustomOp c) {
            key.append('|').append(Arrays.toString(c.iArgs())).append(Arrays.toString(c.tArgs()))
                    .append(Arrays.toString(c.bArgs())).append(Arrays.toString(c.dArgs()))
                    .append(Arrays.toString(c.sArgs()));
        } else if (f instanceof ScalarOp || f instanceof TransformOp || f instanceof BaseReduceOp) {
            Op legacy = (Op) f;
            key.append('|').append(legacy.opNum()).append(Arrays.deepToString(legacy.extraArgs()));
            if (f instanceof ScalarOp s) {
                if (s.scalar() == null || s.scalar().length() != 1) {
                    return null;
                }
                key.append("|scalar ").append(s.scalar().dataType()).append(' ').append(s.scalar().getDouble(0));
            }
            if (f instanceof BaseReduceOp r) {
                key.append("|dims ").append(Arrays.toString(f.getDimensions())).append(r.isKeepDims())
                        .append(r.isComplexAccumulation());
            }
        } else {
            return null;
        }
        for (String in : Fusions.Dataflow.inputs(op)) {
            key.append('|').append(firstOutput.getOrDefault(in, in));
        }
        return key.toString();
    }
}
