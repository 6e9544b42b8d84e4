package org.vaelab.experiments.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.vaelab.engine.EngineKind;

/**
 * The training loop.
 *
 * @param epochs passes over the training split
 * @param batchSize examples per step
 * @param optimizer the optimiser
 * @param logEvery write a metrics line every this many steps
 * @param checkpointEvery save a resumable checkpoint every this many epochs (and always after the last)
 * @param checkpointEverySteps also save one every this many steps, inside epochs (null: not by steps)
 * @param checkpointEveryMinutes also save one whenever this much training time passed since the last
 * @param engine which implementation trains and evaluates the model
 * @param threads threads the compiled engine splits each step over
 */
public record TrainingSection(
        @JsonPropertyDescription("Passes over the training split.")
        @NotNull @Positive Integer epochs,
        @JsonPropertyDescription("Examples per optimisation step.")
        @NotNull @Positive Integer batchSize,
        @JsonPropertyDescription("Optimiser settings.")
        @NotNull @Valid OptimizerSection optimizer,
        @JsonPropertyDescription("Write one metrics.jsonl line every this many steps.")
        @NotNull @Positive Integer logEvery,
        @JsonPropertyDescription("Save a resumable checkpoint every this many epochs (and after the last).")
        @NotNull @Positive Integer checkpointEvery,
        @JsonPropertyDescription("Also save a checkpoint every this many steps, inside epochs (default: none; resuming "
                + "mid-epoch gives the same numbers).")
        @Positive Integer checkpointEverySteps,
        @JsonPropertyDescription("Also save a checkpoint whenever this many minutes of training passed since the last "
                + "one, so a kill loses at most that much work. Checkpoint timing never changes a result.")
        @NotNull @Positive Double checkpointEveryMinutes,
        @JsonPropertyDescription("auto: the compiled engine (any component: the graph's own ops as a fixed program "
                + "on the engine's kernels), else SameDiff where the graph has an op the compiled engine does not run "
                + "(named at the start of the run and in provenance). compiled: the compiled engine, or an error "
                + "naming the op it cannot run. samediff: always SameDiff's graph executor (the reference path).")
        @NotNull EngineKind engine,
        @JsonPropertyDescription("Threads the compiled engine splits each step over (results depend on it, so "
                + "it is part of the config). SameDiff always uses one.")
        @NotNull @Positive @Max(64) Integer threads) {

    /** Default of {@link #threads()}: this project's reference machine has two cores. */
    public static final int DEFAULT_THREADS = 2;

    /** Fills in defaults. */
    public TrainingSection {
        if (epochs == null) {
            epochs = 10;
        }
        if (batchSize == null) {
            batchSize = 64;
        }
        if (optimizer == null) {
            optimizer = new OptimizerSection(null, null, null, null, null);
        }
        if (logEvery == null) {
            logEvery = 10;
        }
        if (checkpointEvery == null) {
            checkpointEvery = 1;
        }
        if (checkpointEveryMinutes == null) {
            checkpointEveryMinutes = 5.0;
        }
        if (engine == null) {
            engine = EngineKind.AUTO;
        }
        if (threads == null) {
            threads = DEFAULT_THREADS;
        }
    }
}
