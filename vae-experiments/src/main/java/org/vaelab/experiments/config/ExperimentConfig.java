package org.vaelab.experiments.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.vaelab.api.corruption.CorruptionSpec;
import org.vaelab.api.data.DataSpec;
import org.vaelab.api.loss.LossSpec;

/**
 * A whole experiment: everything a run needs, and all a colleague needs to reproduce it.
 *
 * @param name short name, used in the run directory name
 * @param seed the run seed; every random source derives its own seed from it
 * @param data the data source
 * @param corruption optional corruption applied to training inputs (null for none)
 * @param model encoder, decoder, prior and latent size
 * @param losses the terms of the objective, summed with their weights
 * @param training epochs, batches, optimiser
 * @param evaluation held-out evaluation and pictures
 */
public record ExperimentConfig(
        @JsonPropertyDescription("Short name of the experiment, used in the run directory name.")
        @NotNull @Pattern(regexp = "[A-Za-z0-9._-]+", message = "must contain only letters, digits, '.', '_' and '-'")
        String name,
        @JsonPropertyDescription("Run seed; every random source (init, shuffling, noise, corruption) derives its seed from it.")
        @NotNull Long seed,
        @JsonPropertyDescription("Data source (by type).")
        @NotNull @Valid DataSpec data,
        @JsonPropertyDescription("Optional corruption of the encoder's input, applied per batch (by type).")
        @Valid CorruptionSpec corruption,
        @JsonPropertyDescription("Model: latent size, encoder, decoder, prior.")
        @NotNull @Valid ModelSection model,
        @JsonPropertyDescription("Loss terms; the objective is the sum of weight x term.")
        @NotEmpty List<@NotNull @Valid LossSpec> losses,
        @JsonPropertyDescription("Training loop settings.")
        @NotNull @Valid TrainingSection training,
        @JsonPropertyDescription("Evaluation settings.")
        @NotNull @Valid EvaluationSection evaluation) {

    /** Fills in defaults for omitted sections. */
    public ExperimentConfig {
        if (name == null) {
            name = "experiment";
        }
        if (seed == null) {
            seed = 42L;
        }
        if (training == null) {
            training = new TrainingSection(null, null, null, null, null, null, null, null, null);
        }
        if (evaluation == null) {
            evaluation = new EvaluationSection(null, null, null, null, null, null, null, null, null, null);
        }
        losses = losses == null ? null : List.copyOf(losses);
    }
}
