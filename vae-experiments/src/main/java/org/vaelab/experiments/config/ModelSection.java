package org.vaelab.experiments.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.vaelab.api.model.DecoderSpec;
import org.vaelab.api.model.EncoderSpec;
import org.vaelab.api.model.PriorSpec;

/**
 * The model.
 *
 * @param latentDim number of latent dimensions
 * @param encoder q(z|x)
 * @param decoder p(x|z)
 * @param prior p(z)
 */
public record ModelSection(
        @JsonPropertyDescription("Number of latent dimensions.")
        @NotNull @Positive @Max(100_000) Integer latentDim,
        @JsonPropertyDescription("Encoder q(z|x) (by type).")
        @NotNull @Valid EncoderSpec encoder,
        @JsonPropertyDescription("Decoder p(x|z) (by type).")
        @NotNull @Valid DecoderSpec decoder,
        @JsonPropertyDescription("Prior p(z) (by type).")
        @NotNull @Valid PriorSpec prior) {

    /** Fills in the default latent size. */
    public ModelSection {
        if (latentDim == null) {
            latentDim = 10;
        }
    }
}
