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
 * @param traversals test images whose latent traversals are drawn into images/traversals.png (0: none)
 * @param tsnePoints test images whose posterior means are mapped by t-SNE into images/tsne.png (0: none)
 * @param tsneIterations gradient steps of the t-SNE
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
        @Valid List<MetricSpec> metrics,
        @JsonPropertyDescription("Test images whose latent traversals are drawn into images/traversals.png: each latent "
                + "dimension set to 9 values from -3 to 3, the others at the image's posterior mean, rows ordered by KL "
                + "(0: none).")
        @NotNull @PositiveOrZero @Max(16) Integer traversals,
        @JsonPropertyDescription("Test images whose posterior means are mapped by t-SNE (Barnes-Hut, perplexity 30 or "
                + "less for few points) into images/tsne.png, coloured by label or first factor (0: none). DL4J's t-SNE "
                + "is slow: on 2 cores 200 points and 200 iterations take about 10 s, 300 points 17 s, 1000 points a minute.")
        @NotNull @PositiveOrZero @Max(5000) Integer tsnePoints,
        @JsonPropertyDescription("Gradient steps of the t-SNE in images/tsne.png (the first half, at most 100, with early "
                + "exaggeration); fewer than about 200 leave it unconverged.")
        @NotNull @Positive @Max(5000) Integer tsneIterations) {

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
        if (traversals == null) {
            traversals = 3;
        }
        if (tsnePoints == null) {
            tsnePoints = 200;
        }
        if (tsneIterations == null) {
            tsneIterations = 200;
        }
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }
}
