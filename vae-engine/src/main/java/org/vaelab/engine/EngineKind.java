package org.vaelab.engine;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which engine a run asks for ({@code training.engine}); {@link EngineChoice} decides what runs. */
public enum EngineKind {
    /** The compiled engine, else SameDiff where the model has an op the compiled engine does not run. */
    @JsonProperty("auto") AUTO,
    /** The graph's own ops run as a fixed program with the engine's kernels; an error for control flow. */
    @JsonProperty("compiled") COMPILED,
    /** SameDiff's graph executor, for any model. */
    @JsonProperty("samediff") SAMEDIFF
}
