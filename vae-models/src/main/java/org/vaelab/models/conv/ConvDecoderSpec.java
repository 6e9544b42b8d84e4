package org.vaelab.models.conv;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.vaelab.api.model.DecoderSpec;
import org.vaelab.models.mlp.Activation;

/**
 * Config of {@link ConvDecoder}, type {@value #TYPE}. Omitted (null) fields take their defaults.
 *
 * @param dense widths of the dense layers applied to the latent code, latent side first; default
 *     {@code [256]}; may be empty
 * @param channels channels of the feature map entering each transposed convolution, latent side first;
 *     default {@code [64, 32]}; at least one; the last transposed convolution outputs the image's channels
 * @param kernel side of the square kernel of every transposed convolution; default {@value #DEFAULT_KERNEL}
 * @param stride stride of every transposed convolution; default {@value #DEFAULT_STRIDE}
 * @param padding padding of every transposed convolution; default {@value #DEFAULT_PADDING};
 *     {@code kernel - 2 * padding} must equal {@code stride}
 * @param activation activation after each hidden layer; default {@code relu}
 * @param outputActivation activation of the output layer; default {@code identity}, so the output is
 *     logits, as a Bernoulli reconstruction term expects
 * @param residualBlocks residual blocks before each transposed convolution; default 0
 */
public record ConvDecoderSpec(
        @JsonPropertyDescription("Widths of the dense layers applied to the latent code, latent side first; may "
                + "be empty.")
        List<@NotNull @Positive Integer> dense,
        @NotEmpty
        @JsonPropertyDescription("Channels of the feature map entering each transposed convolution, latent side "
                + "first; one layer each, at least one; the last layer outputs the image's channels. The first "
                + "map is the image size divided by stride^(number of layers), 7x7 for 28x28 with the defaults.")
        List<@NotNull @Positive Integer> channels,
        @Positive
        @JsonPropertyDescription("Side of the square kernel of every transposed convolution.")
        Integer kernel,
        @Positive
        @JsonPropertyDescription("Stride of every transposed convolution: the factor by which each enlarges the "
                + "feature map.")
        Integer stride,
        @PositiveOrZero
        @JsonPropertyDescription("Padding of every transposed convolution (removed from each side of its "
                + "output); kernel - 2 x padding must equal stride.")
        Integer padding,
        @JsonPropertyDescription("Activation after each hidden layer (dense and transposed convolution).")
        Activation activation,
        @JsonPropertyDescription("Activation of the output layer; identity gives logits for a Bernoulli "
                + "reconstruction term.")
        Activation outputActivation,
        @PositiveOrZero @Max(64)
        @JsonInclude(JsonInclude.Include.NON_DEFAULT)    // 0 stays out of the canonical config: older hashes hold
        @JsonPropertyDescription("Residual blocks before each transposed convolution, at its input's channels and "
                + "size (mirroring the conv encoder's): activation(h + conv3x3(activation(conv3x3(h)))). 0 (the "
                + "default) adds none.")
        Integer residualBlocks) implements DecoderSpec {

    /** The config type name. */
    public static final String TYPE = "conv";

    /** Default dense widths: {@code [256]}. */
    public static final List<Integer> DEFAULT_DENSE = List.of(256);

    /** Default feature-map channels: {@code [64, 32]}. */
    public static final List<Integer> DEFAULT_CHANNELS = List.of(64, 32);

    /** Default kernel side. */
    public static final int DEFAULT_KERNEL = 4;

    /** Default stride. */
    public static final int DEFAULT_STRIDE = 2;

    /** Default padding. */
    public static final int DEFAULT_PADDING = 1;

    /** Default hidden activation. */
    public static final Activation DEFAULT_ACTIVATION = Activation.RELU;

    /** Default output activation: none, so the decoder emits logits. */
    public static final Activation DEFAULT_OUTPUT_ACTIVATION = Activation.IDENTITY;

    /**
     * Fills in defaults and makes the lists unmodifiable copies (null elements are kept for validation to
     * report).
     *
     * @param dense dense widths, or null for {@link #DEFAULT_DENSE}
     * @param channels feature-map channels, or null for {@link #DEFAULT_CHANNELS}
     * @param kernel kernel side, or null for {@link #DEFAULT_KERNEL}
     * @param stride stride, or null for {@link #DEFAULT_STRIDE}
     * @param padding padding, or null for {@link #DEFAULT_PADDING}
     * @param activation hidden activation, or null for {@link #DEFAULT_ACTIVATION}
     * @param outputActivation output activation, or null for {@link #DEFAULT_OUTPUT_ACTIVATION}
     * @param residualBlocks residual blocks per transposed convolution, or null for 0
     */
    public ConvDecoderSpec {
        dense = dense == null ? DEFAULT_DENSE : Collections.unmodifiableList(new ArrayList<>(dense));
        channels = channels == null ? DEFAULT_CHANNELS : Collections.unmodifiableList(new ArrayList<>(channels));
        kernel = kernel == null ? DEFAULT_KERNEL : kernel;
        stride = stride == null ? DEFAULT_STRIDE : stride;
        padding = padding == null ? DEFAULT_PADDING : padding;
        activation = activation == null ? DEFAULT_ACTIVATION : activation;
        outputActivation = outputActivation == null ? DEFAULT_OUTPUT_ACTIVATION : outputActivation;
        residualBlocks = residualBlocks == null ? 0 : residualBlocks;
    }

    /**
     * A spec without residual blocks.
     *
     * @param dense dense widths, or null for the default
     * @param channels feature-map channels, or null for the default
     * @param kernel kernel side, or null for the default
     * @param stride stride, or null for the default
     * @param padding padding, or null for the default
     * @param activation hidden activation, or null for the default
     * @param outputActivation output activation, or null for the default
     */
    public ConvDecoderSpec(List<Integer> dense, List<Integer> channels, Integer kernel, Integer stride, Integer padding,
            Activation activation, Activation outputActivation) {
        this(dense, channels, kernel, stride, padding, activation, outputActivation, null);
    }

    /** @return a spec with every default */
    public static ConvDecoderSpec defaults() {
        return new ConvDecoderSpec(null, null, null, null, null, null, null, null);
    }
}
