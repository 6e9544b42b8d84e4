package org.example.vaelab.laplace;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Positive;
import org.vaelab.api.model.PriorSpec;

/**
 * Config of {@link LaplacePrior}: {@code prior: {type: laplace, scale: 1.0}}.
 *
 * <p>A spec is an immutable record. Fields are boxed so that an omitted key arrives as null and the
 * compact constructor can fill in its default; constraints are checked by the framework's validator, and
 * the descriptions appear in {@code vaelab plugins} and the config reference.
 *
 * @param scale the scale b of every latent dimension; default {@value #DEFAULT_SCALE}
 */
public record LaplacePriorSpec(
        @JsonPropertyDescription("Scale b of the Laplace density (1/2b) exp(-|z|/b) of every latent dimension "
                + "(location 0); its standard deviation is b*sqrt(2). Default 1.0.")
        @Positive Double scale) implements PriorSpec {

    /** The config type name. */
    public static final String TYPE = "laplace";

    /** Default of {@link #scale()}. */
    public static final double DEFAULT_SCALE = 1.0;

    /**
     * Fills in the default for an omitted scale.
     *
     * @param scale the scale, or null for {@value #DEFAULT_SCALE}
     */
    public LaplacePriorSpec {
        if (scale == null) {
            scale = DEFAULT_SCALE;
        }
    }
}
