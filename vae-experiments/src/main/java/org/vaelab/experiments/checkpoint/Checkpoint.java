package org.vaelab.experiments.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.vaelab.api.UserInputException;
import org.vaelab.engine.graph.OptimizerState;
import org.vaelab.engine.graph.VaeGraph;

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
     * After {@code TrainingLoop.prepare}: the optimiser's per-parameter state (Adam's moments), from the
     * checkpoint's {@value CheckpointStore#OPTIMIZER}, or, for a checkpoint written before that file existed,
     * from the updater state SameDiff saved in model.fb.
     *
     * @param graph the graph restored with {@link #restoreParameters}
     */
    public void restoreOptimizerState(VaeGraph graph) {
        Path file = directory.resolve(CheckpointStore.OPTIMIZER);
        Map<String, Map<String, INDArray>> saved = new java.util.LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            try (var in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
                saved = OptimizerState.read(in);
            } catch (IOException e) {
                throw new CheckpointStore.DamagedCheckpointException(file + " cannot be read (" + e.getMessage() + ")");
            }
        } else {
            for (Map.Entry<String, GradientUpdater> e : model.getUpdaterMap().entrySet()) {
                saved.put(e.getKey(), OptimizerState.stateOf(e.getValue()));
            }
        }
        try {
            graph.optimizerState().restore(saved, file.toString());
        } catch (IllegalArgumentException e) {
            throw new CheckpointStore.DamagedCheckpointException(e.getMessage() + ": it was written by a different model");
        }
    }
}
