package org.vaelab.experiments.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.ListenerVariables;
import org.nd4j.autodiff.listeners.Loss;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.vaelab.experiments.graph.VaeGraph;

/**
 * Collects each training step's loss terms as SameDiff computes them (no extra forward pass) and
 * hands them to a callback after the parameter update.
 */
public final class StepListener extends BaseListener {

    /** Receives one step's values. */
    public interface StepCallback {
        /**
         * @param batchSize examples in the step
         * @param values {@code loss/total} and each term's batch mean
         */
        void step(long batchSize, Map<String, Double> values);
    }

    private final Set<String> termNames;
    private final Map<String, Double> factors;
    private final StepCallback callback;
    private final Map<String, Double> current = new LinkedHashMap<>();

    /**
     * @param termNames the loss-term metric names to collect
     * @param factors each term's weight x coefficient, to recompute {@code loss/total}: SameDiff's backward
     *     pass never needs the value of the final sum, so it is not computed during training
     * @param callback receives each step's values
     */
    public StepListener(List<String> termNames, Map<String, Double> factors, StepCallback callback) {
        this.factors = Map.copyOf(factors);
        this.termNames = Set.copyOf(termNames);
        this.callback = callback;
    }

    @Override
    public boolean isActive(Operation operation) {
        return operation == Operation.TRAINING;
    }

    @Override
    public ListenerVariables requiredVariables(SameDiff sd) {
        return ListenerVariables.builder().requireVariables(Operation.TRAINING, termNames.toArray(String[]::new)).build();
    }

    @Override
    public void activationAvailable(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, String varName,
            INDArray activation) {
        if (termNames.contains(varName)) {
            current.put(varName, activation.getDouble(0));    // read now: the array is workspace-scoped
        }
    }

    @Override
    public void iterationDone(SameDiff sd, At at, MultiDataSet dataSet, Loss loss) {
        Map<String, Double> values = new LinkedHashMap<>();
        double total = 0;
        for (String name : termNames) {
            Double value = current.get(name);
            if (value == null) {
                throw new IllegalStateException("loss term " + name + " was not computed in the training step");
            }
            total += factors.get(name) * value;
        }
        values.put(VaeGraph.LOSS_TOTAL, total);
        values.putAll(current);
        current.clear();
        callback.step(dataSet.getFeatures(0).size(0), values);
    }
}
