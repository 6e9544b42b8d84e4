package org.vaelab.engine;

import org.vaelab.api.UserInputException;
import org.vaelab.engine.compiled.UnsupportedOpException;
import org.vaelab.engine.graph.VaeGraph;

/**
 * Which engine runs a model, with the reason in words (printed at the start of a run and kept in
 * {@code summary.json}): under {@code training.engine: auto}, the compiled engine, which runs any component's
 * ops, else SameDiff (for an op only SameDiff's session runs, named in the reason). One fast engine for every
 * component: the hand-written dense engine, which ran only the built-in fully connected VAE, was removed once the
 * compiled engine trained that model as fast (2026-11-28, docs/performance.md).
 */
public final class EngineChoice {

    private EngineChoice() {}

    /**
     * @param graph the built graph
     * @param kind the engine asked for ({@code training.engine})
     * @param threads threads per step ({@code training.threads})
     * @return the engine; the caller closes it
     * @throws UserInputException when the engine asked for cannot run this model
     */
    public static Engine choose(VaeGraph graph, EngineKind kind, int threads) {
        return choose(graph, kind, threads, true);
    }

    /**
     * The same choice for a trained model's commands: a compiled engine then compiles its forward program alone
     * (the backward graph only if asked to train), which takes seconds off {@code vaelab sample} and the like.
     *
     * @param graph the built graph, with its trained parameters
     * @param kind the engine asked for ({@code training.engine})
     * @param threads threads per pass ({@code training.threads})
     * @return the engine; the caller closes it
     * @throws UserInputException when the engine asked for cannot run this model
     */
    public static Engine forInference(VaeGraph graph, EngineKind kind, int threads) {
        return choose(graph, kind, threads, false);
    }

    private static Engine choose(VaeGraph graph, EngineKind kind, int threads, boolean forTraining) {
        if (kind == EngineKind.SAMEDIFF) {
            return new SameDiffEngine(graph, "training.engine: samediff");
        }
        try {
            return forTraining ? CompiledEngine.compile(graph, threads) : CompiledEngine.forInference(graph, threads);
        } catch (UnsupportedOpException e) {
            String why = "the compiled engine cannot run " + e.getMessage() + " in component " + component(e.opName());
            if (kind == EngineKind.COMPILED) {
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
