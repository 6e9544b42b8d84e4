package org.vaelab.engine.optimizer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * The optimiser step over a graph's parameters, for every engine: the arithmetic of SameDiff's {@code fit}
 * (ND4J's Adam and SGD formulas), on the graph's own {@code OptimizerState} and the iteration and epoch counts
 * of its training config, so checkpoints and resume do not depend on which engine trained.
 * Bind it at the start of an epoch and {@link #store} at its end.
 */
public final class ParameterUpdates {

    private final SameDiff sd;
    private final List<ParameterUpdate> updates = new ArrayList<>();

    private ParameterUpdates(SameDiff sd) {
        this.sd = sd;
    }

    /**
     * Takes the parameters' current arrays and the graph's optimiser state (fresh, or restored by a resume).
     *
     * @param graph the model (its training config must be set)
     * @param parameters the parameters' names, in the order {@link #apply} numbers them
     * @return the bound updates
     */
    public static ParameterUpdates bind(org.vaelab.engine.graph.VaeGraph graph, List<String> parameters) {
        SameDiff sd = graph.sd();
        ParameterUpdates u = new ParameterUpdates(sd);
        Map<String, GradientUpdater> updaters = graph.optimizerState().updaters();
        for (String name : parameters) {
            ParameterUpdate p = ParameterUpdate.of(sd.getArrForVarName(name), updaters.get(name));
            p.load();
            u.updates.add(p);
        }
        return u;
    }


    /**
     * Updates this member's share of every parameter from its gradient; the members together cover
     * each parameter once. Reads the iteration count; call {@link #endStep} once after all members are done.
     *
     * @param gradients each parameter's gradient (flat, row-major float arrays), in binding order
     * @param gradientBytes the same gradients' native memory, or null entries where not available
     * @param member this member
     * @param members the team's size
     */
    public void apply(List<INDArray> gradients, List<ByteBuffer> gradientBytes, int member, int members) {
        TrainingConfig config = sd.getTrainingConfig();
        int iteration = config.getIterationCount();
        int epoch = config.getEpochCount();
        for (int p = 0; p < updates.size(); p++) {
            ParameterUpdate u = updates.get(p);
            int n = (int) u.param.length();
            if (!u.ranged()) {
                if (member == 0) {
                    u.apply(heap(gradients.get(p), 0, n), iteration, epoch, 0, n);
                }
                continue;
            }
            // blocks of 1024 values: members never write the same cache line
            int blocks = (n + 1023) / 1024;
            int from = Math.min(n, blocks * member / members * 1024);
            int to = Math.min(n, blocks * (member + 1) / members * 1024);
            if (from >= to) {
                continue;
            }
            ByteBuffer bytes = gradientBytes.get(p);
            if (bytes != null && u.readsNative()) {
                u.applyNative(bytes, iteration, epoch, from, to);
            } else {
                u.apply(heap(gradients.get(p), from, to), iteration, epoch, from, to);
            }
        }
    }

    /** Advances the iteration count, as SameDiff's {@code fit} does after a step. */
    public void endStep() {
        sd.getTrainingConfig().incrementIterationCount();
    }

    /** Writes the optimiser's state back into the graph's {@code OptimizerState} (which checkpoints save). */
    public void store() {
        updates.forEach(ParameterUpdate::store);
    }

    /** A heap array holding {@code [from, to)} of the gradient at those indices (the rest unread). */
    private static float[] heap(INDArray gradient, int from, int to) {
        float[] g = new float[(int) gradient.length()];
        ParameterUpdate.read(gradient, g, from, to, from);
        return g;
    }
}
