package org.vaelab.data.corruption;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Positive;
import org.vaelab.api.corruption.CorruptionSpec;

/**
 * Config of additive Gaussian noise ({@code "type": "gaussian-noise"}), the corruption of denoising
 * autoencoders (Vincent et al., 2008).
 *
 * <table>
 *   <caption>Fields</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code sigma}</td><td>0.3</td><td>standard deviation of the noise, in pixel units</td></tr>
 *   <tr><td>{@code clip}</td><td>true</td><td>clip the noisy values to [0, 1]</td></tr>
 * </table>
 *
 * @param sigma noise standard deviation; null means {@value #DEFAULT_SIGMA}
 * @param clip whether to clip to [0, 1]; null means true
 */
public record GaussianNoiseSpec(
        @Positive
        @JsonPropertyDescription("Standard deviation of the noise added to every pixel, in pixel units "
                + "(images are in [0, 1]). Default 0.3.")
        Double sigma,
        @JsonPropertyDescription("Clip the noisy pixels to [0, 1]. Default true.")
        Boolean clip) implements CorruptionSpec {

    /** The type name used in configs. */
    public static final String TYPE = "gaussian-noise";

    /** Default noise standard deviation. */
    public static final double DEFAULT_SIGMA = 0.3;

    /**
     * Fills in the defaults.
     *
     * @param sigma noise standard deviation, or null for the default
     * @param clip whether to clip, or null for true
     */
    public GaussianNoiseSpec {
        if (sigma == null) {
            sigma = DEFAULT_SIGMA;
        }
        if (clip == null) {
            clip = Boolean.TRUE;
        }
    }

    /** @return a spec with every default */
    public static GaussianNoiseSpec defaults() {
        return new GaussianNoiseSpec(null, null);
    }
}
