package org.vaelab.models.mlp;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.vaelab.api.model.DecoderSpec;

/**
 * Config of {@link MlpDecoder}, type {@value #TYPE}. Omitted (null) fields take their defaults.
 *
 * @param hidden widths of the hidden layers, latent side first; default {@code [256, 512]}; empty for a
 *     linear decoder
 * @param activation activation after each hidden layer; default {@code relu}
 * @param outputActivation activation of the output layer; default {@code identity}, so the output is
 *     logits, as a Bernoulli reconstruction term expects
 */
public record MlpDecoderSpec(
        @JsonPropertyDescription("Widths of the hidden layers, latent side first; empty for a linear decoder.")
        List<@NotNull @Positive Integer> hidden,
        @JsonPropertyDescription("Activation after each hidden layer.")
        Activation activation,
        @JsonPropertyDescription("Activation of the output layer; identity gives logits for a Bernoulli reconstruction term.")
        Activation outputActivation) implements DecoderSpec {

    /** The config type name. */
    public static final String TYPE = "mlp";

    /** Default hidden widths: {@code [256, 512]}. */
    public static final List<Integer> DEFAULT_HIDDEN = List.of(256, 512);

    /** Default hidden activation. */
    public static final Activation DEFAULT_ACTIVATION = Activation.RELU;

    /** Default output activation: none, so the decoder emits logits. */
    public static final Activation DEFAULT_OUTPUT_ACTIVATION = Activation.IDENTITY;

    /**
     * Fills in defaults and makes {@code hidden} an unmodifiable copy (null elements are kept for
     * validation to report).
     *
     * @param hidden hidden widths, or null for {@link #DEFAULT_HIDDEN}
     * @param activation hidden activation, or null for {@link #DEFAULT_ACTIVATION}
     * @param outputActivation output activation, or null for {@link #DEFAULT_OUTPUT_ACTIVATION}
     */
    public MlpDecoderSpec {
        hidden = hidden == null ? DEFAULT_HIDDEN : Collections.unmodifiableList(new ArrayList<>(hidden));
        activation = activation == null ? DEFAULT_ACTIVATION : activation;
        outputActivation = outputActivation == null ? DEFAULT_OUTPUT_ACTIVATION : outputActivation;
    }

    /** @return a spec with every default */
    public static MlpDecoderSpec defaults() {
        return new MlpDecoderSpec(null, null, null);
    }
}
