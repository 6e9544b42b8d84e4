package org.vaelab.experiments.config;

import java.util.List;
import org.vaelab.api.metric.MetricSpec;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.vaelab.api.corruption.CorruptionSpec;

/**
 * Held-out evaluation and pictures.
 *
 * @param batchSize examples per evaluation batch
 * @param everyEpochs evaluate on the test split every this many epochs (and after the last)
 * @param reconstructions how many test images to show with their reconstructions
 * @param samples how many prior samples to draw into a grid
 * @param iwaeSamples importance samples per test image for the IWAE estimate of -log p(x) after the last
 *     epoch (0: not computed)
 * @param corruption the corruption under which to measure robustness; defaults to the training
 *     corruption (none: no robustness metrics)
 * @param metrics metrics of the trained model computed after the last epoch (see docs/metrics.md)
 */
public record EvaluationSection(
        @JsonPropertyDescription("Examples per evaluation batch.")
        @NotNull @Positive Integer batchSize,
        @JsonPropertyDescription("Evaluate on the test split every this many epochs (and after the last).")
        @NotNull @Positive Integer everyEpochs,
        @JsonPropertyDescription("Test images shown with their reconstructions in images/reconstructions.png (0: none).")
        @NotNull @PositiveOrZero @Max(1024) Integer reconstructions,
        @JsonPropertyDescription("Prior samples drawn into images/samples.png (0: none).")
        @NotNull @PositiveOrZero @Max(1024) Integer samples,
        @JsonPropertyDescription("Importance samples per test image for the IWAE estimate of -log p(x) (test/iwaeNll, "
                + "Burda et al. 2016), computed after the last epoch; 0 turns it off. 1000 is the usual choice for papers.")
        @NotNull @PositiveOrZero @Max(100_000) Integer iwaeSamples,
        @JsonPropertyDescription("Corruption of the test images under which reconstructions are scored (PSNR, SSIM, "
                + "error on hidden and visible pixels); default: the training corruption, if any.")
        @Valid CorruptionSpec corruption,
        @JsonPropertyDescription("Metrics of the trained model, computed after the last epoch and by vaelab eval: "
                + "e.g. [{type: active-units}, {type: mig}] (docs/metrics.md).")
        @Valid List<MetricSpec> metrics) {

    /** Fills in defaults. */
    public EvaluationSection {
        if (batchSize == null) {
            batchSize = 500;
        }
        if (everyEpochs == null) {
            everyEpochs = 1;
        }
        if (reconstructions == null) {
            reconstructions = 32;
        }
        if (samples == null) {
            samples = 64;
        }
        if (iwaeSamples == null) {
            iwaeSamples = 0;
        }
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }
}
