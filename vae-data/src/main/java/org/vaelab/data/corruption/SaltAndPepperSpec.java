package org.vaelab.data.corruption;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Positive;
import org.vaelab.api.corruption.CorruptionSpec;

/**
 * Config of salt-and-pepper noise ({@code "type": "salt-and-pepper"}).
 *
 * <table>
 *   <caption>Fields</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code probability}</td><td>0.1</td><td>chance that a pixel is replaced, in (0, 1]</td></tr>
 * </table>
 *
 * @param probability the chance that a pixel is replaced; null means {@value #DEFAULT_PROBABILITY}
 */
public record SaltAndPepperSpec(
        @Positive
        @DecimalMax("1")
        @JsonPropertyDescription("Chance, in (0, 1], that a pixel (all its channels) is replaced by 0 (pepper) or "
                + "1 (salt), each half the time. Default 0.1.")
        Double probability) implements CorruptionSpec {

    /** The type name used in configs. */
    public static final String TYPE = "salt-and-pepper";

    /** Default chance that a pixel is replaced. */
    public static final double DEFAULT_PROBABILITY = 0.1;

    /**
     * Fills in the default.
     *
     * @param probability the chance that a pixel is replaced, or null for the default
     */
    public SaltAndPepperSpec {
        if (probability == null) {
            probability = DEFAULT_PROBABILITY;
        }
    }

    /** @return a spec with every default */
    public static SaltAndPepperSpec defaults() {
        return new SaltAndPepperSpec(null);
    }
}
