package org.vaelab.experiments.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * The training loop.
 *
 * @param epochs passes over the training split
 * @param batchSize examples per step
 * @param optimizer the optimiser
 * @param logEvery write a metrics line every this many steps
 * @param checkpointEvery save a resumable checkpoint every this many epochs (and always after the last)
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
        @NotNull @Positive Integer checkpointEvery) {

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
    }
}
