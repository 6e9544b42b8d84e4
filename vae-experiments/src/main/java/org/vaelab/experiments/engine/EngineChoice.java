package org.vaelab.experiments.engine;

import java.util.ArrayList;
import java.util.List;
import org.vaelab.api.UserInputException;
import org.vaelab.experiments.compiled.UnsupportedOpException;
import org.vaelab.experiments.config.TrainingSection;
import org.vaelab.experiments.dense.DenseForms;
import org.vaelab.experiments.dense.DenseVae;
import org.vaelab.experiments.graph.VaeGraph;

/**
 * Which engine runs a model, with the reason in words (printed at the start of a run and kept in
 * {@code summary.json}): under {@code training.engine: auto}, the hand-written dense engine when every
 * component has a dense form, else the compiled engine, which runs any component's ops, else SameDiff
 * (for an op only SameDiff's session runs, named in the reason).
 */
public final class EngineChoice {

    private EngineChoice() {}

    /**
     * @param graph the built graph
     * @param training the training section ({@code engine}, {@code threads})
     * @return the engine; the caller closes it
     * @throws UserInputException when the engine asked for cannot run this model
     */
    public static Engine choose(VaeGraph graph, TrainingSection training) {
        if (training.engine() == TrainingSection.Engine.SAMEDIFF) {
            return new SameDiffEngine(graph, "training.engine: samediff");
        }
        List<String> missing = new ArrayList<>();
        if (training.engine() != TrainingSection.Engine.COMPILED) {
            DenseVae dense = DenseForms.build(graph, training.threads(), missing);
            if (dense != null) {
                return new DenseEngine(dense);
            }
            if (training.engine() == TrainingSection.Engine.DENSE) {
                throw new UserInputException("training.engine: dense cannot run this model: " + String.join("; ", missing)
                        + ". Use engine auto, compiled or samediff");
            }
        }
        try {
            return CompiledEngine.compile(graph, training.threads());
        } catch (UnsupportedOpException e) {
            String why = "the compiled engine cannot run " + e.getMessage() + " in component " + component(e.opName());
            if (training.engine() == TrainingSection.Engine.COMPILED) {
                throw new UserInputException("training.engine: compiled cannot run this model: " + why
                        + ". Use engine auto or samediff");
            }
            return new SameDiffEngine(graph, why);
        }
    }

    /** The component an op belongs to, from its name scope ({@code encoder/...}, {@code prior/...}). */
    private static String component(String opName) {
        int slash = opName.indexOf('/');
        return slash < 0 ? "(framework)" : opName.substring(0, slash);
    }
}
