package org.vaelab.engine;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which engine a run asks for ({@code training.engine}); {@link EngineChoice} decides what runs. */
public enum EngineKind {
    /** The dense engine when the model has a dense form, else the compiled engine, else SameDiff. */
    @JsonProperty("auto") AUTO,
    /** The graph's own ops run as a fixed program with the engine's kernels; an error for control flow. */
    @JsonProperty("compiled") COMPILED,
    /** SameDiff's graph executor, for any model. */
    @JsonProperty("samediff") SAMEDIFF,
    /** The hand-written dense engine; an error when the model has no dense form. */
    @JsonProperty("dense") DENSE
}
