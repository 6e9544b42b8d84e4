package org.vaelab.experiments.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.learning.GradientUpdater;
import org.vaelab.api.UserInputException;
import org.vaelab.experiments.graph.VaeGraph;

/**
 * A run's {@code checkpoint/}: the SameDiff graph saved with parameters and optimiser state after an
 * epoch, and {@code state.json} (epochs completed, steps). Restoring it into a freshly built graph of
 * the same config continues training exactly where it stopped: the parameters, Adam's moment
 * estimates and its step count are those of the checkpoint, and every epoch's randomness is derived
 * from (seed, epoch) alone.
 *
 * @param model the saved graph, with optimiser state
 * @param epochsCompleted epochs finished when it was saved
 * @param steps optimisation steps taken
 */
record Checkpoint(SameDiff model, int epochsCompleted, long steps) {

    /**
     * @param runDir a run directory
     * @param mapper reads state.json
     * @return its checkpoint
     */
    static Checkpoint read(Path runDir, ObjectMapper mapper) {
        Path dir = runDir.resolve("checkpoint");
        Path model = dir.resolve("model.fb");
        Path state = dir.resolve("state.json");
        if (!Files.isRegularFile(model) || !Files.isRegularFile(state)) {
            throw new UserInputException(runDir + " has no checkpoint (checkpoint/model.fb and state.json): nothing to "
                    + "resume from; start it again with vaelab train " + runDir.resolve("config.json"));
        }
        try {
            JsonNode s = mapper.readTree(state.toFile());
            return new Checkpoint(SameDiff.load(model.toFile(), true), s.path("epochsCompleted").asInt(),
                    s.path("steps").asLong());
        } catch (IOException | RuntimeException e) {
            throw new UserInputException("cannot read the checkpoint in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Before {@code TrainingLoop.prepare}: the optimiser settings and step count, and the parameter values.
     *
     * @param graph a graph freshly built from the run's config
     */
    void restoreParameters(VaeGraph graph) {
        SameDiff sd = graph.sd();
        sd.setTrainingConfig(model.getTrainingConfig());      // carries the iteration count Adam's bias correction uses
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                if (!model.hasVariable(v.name()) || model.getArrForVarName(v.name()) == null) {
                    throw new UserInputException("the checkpoint has no parameter '" + v.name()
                            + "': it was written by a different model or plugin version");
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
    void restoreOptimizerState(VaeGraph graph) {
        Map<String, GradientUpdater> updaters = model.getUpdaterMap();
        if (updaters == null || updaters.isEmpty()) {
            throw new UserInputException("the checkpoint holds no optimiser state; it cannot be resumed exactly");
        }
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
