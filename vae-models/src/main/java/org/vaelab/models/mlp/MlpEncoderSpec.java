package org.vaelab.models.mlp;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.vaelab.api.model.EncoderSpec;

/**
 * Config of {@link MlpEncoder}, type {@value #TYPE}. Omitted (null) fields take their defaults.
 *
 * @param hidden widths of the hidden layers, input side first; default {@code [512, 256]}; empty for a
 *     linear encoder
 * @param activation activation after each hidden layer; default {@code relu}
 */
public record MlpEncoderSpec(
        @JsonPropertyDescription("Widths of the hidden layers, input side first; empty for a linear encoder.")
        List<@NotNull @Positive Integer> hidden,
        @JsonPropertyDescription("Activation after each hidden layer.")
        Activation activation) implements EncoderSpec {

    /** The config type name. */
    public static final String TYPE = "mlp";

    /** Default hidden widths: {@code [512, 256]}. */
    public static final List<Integer> DEFAULT_HIDDEN = List.of(512, 256);

    /** Default hidden activation. */
    public static final Activation DEFAULT_ACTIVATION = Activation.RELU;

    /**
     * Fills in defaults and makes {@code hidden} an unmodifiable copy (null elements are kept for
     * validation to report).
     *
     * @param hidden hidden widths, or null for {@link #DEFAULT_HIDDEN}
     * @param activation hidden activation, or null for {@link #DEFAULT_ACTIVATION}
     */
    public MlpEncoderSpec {
        hidden = hidden == null ? DEFAULT_HIDDEN : Collections.unmodifiableList(new ArrayList<>(hidden));
        activation = activation == null ? DEFAULT_ACTIVATION : activation;
    }

    /** @return a spec with every default */
    public static MlpEncoderSpec defaults() {
        return new MlpEncoderSpec(null, null);
    }
}
