package org.vaelab.experiments.checkpoint;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.learning.GradientUpdater;
import org.vaelab.api.UserInputException;
import org.vaelab.experiments.graph.VaeGraph;

/**
 * A verified checkpoint, loaded. Restoring it into a freshly built graph of the same config continues
 * training exactly where it stopped: the parameters, Adam's moment estimates and its step count are those
 * of the checkpoint, and every batch's randomness is derived from (seed, epoch, batch) alone.
 *
 * @param directory its directory, {@code checkpoint/step-...}
 * @param model the saved graph, with optimiser state
 * @param state the training position and running sums
 */
public record Checkpoint(Path directory, SameDiff model, CheckpointState state) {

    /** @return the directory's name, such as {@code step-000000120} */
    public String name() {
        return directory.getFileName().toString();
    }

    /**
     * Before {@code TrainingLoop.prepare}: the optimiser settings and step count, and the parameter values.
     *
     * @param graph a graph freshly built from the run's config
     */
    public void restoreParameters(VaeGraph graph) {
        SameDiff sd = graph.sd();
        sd.setTrainingConfig(model.getTrainingConfig());      // carries the iteration count Adam's bias correction uses
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                if (!model.hasVariable(v.name()) || model.getArrForVarName(v.name()) == null) {
                    throw new UserInputException(directory.resolve(CheckpointStore.MODEL) + " has no parameter '"
                            + v.name() + "': it was written by a different model or plugin version");
                }
                v.setArray(model.getArrForVarName(v.name()).dup());
            }
        }
    }

    /**
     * After {@code TrainingLoop.prepare}: the optimiser's per-parameter state (Adam's moments).
     * SameDiff 1.0.0-M2.1 exposes no setter for it, so the fields are set by reflection; the resume test
     * guards this against an ND4J upgrade.
     *
     * @param graph the graph restored with {@link #restoreParameters}
     */
    public void restoreOptimizerState(VaeGraph graph) {
        Map<String, GradientUpdater> updaters = model.getUpdaterMap();
        try {
            Field map = SameDiff.class.getDeclaredField("updaterMap");
            Field initialised = SameDiff.class.getDeclaredField("initializedTraining");
            map.setAccessible(true);
            initialised.setAccessible(true);
            map.set(graph.sd(), new java.util.HashMap<>(updaters));
            initialised.setBoolean(graph.sd(), true);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this ND4J version does not allow restoring optimiser state", e);
        }
    }
}
