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
import org.vaelab.api.model.EncoderSpec;
import org.vaelab.models.mlp.Activation;

/**
 * Config of {@link ConvEncoder}, type {@value #TYPE}. Omitted (null) fields take their defaults.
 *
 * @param channels output channels of the convolution layers, input side first; default {@code [32, 64]};
 *     at least one
 * @param kernel side of the square kernel of every convolution; default {@value #DEFAULT_KERNEL}
 * @param stride stride of every convolution; default {@value #DEFAULT_STRIDE}
 * @param padding zero padding on each side of every convolution; default {@value #DEFAULT_PADDING}
 * @param dense widths of the dense layers after flattening, input side first; default {@code [256]};
 *     empty to go straight to the head
 * @param activation activation after each convolution and dense layer; default {@code relu}
 * @param residualBlocks residual blocks after each convolution; default 0
 */
public record ConvEncoderSpec(
        @NotEmpty
        @JsonPropertyDescription("Output channels of the convolution layers, input side first; one layer each, "
                + "at least one. With the defaults each layer halves the image size (28x28 -> 14x14 -> 7x7).")
        List<@NotNull @Positive Integer> channels,
        @Positive
        @JsonPropertyDescription("Side of the square kernel of every convolution.")
        Integer kernel,
        @Positive
        @JsonPropertyDescription("Stride of every convolution.")
        Integer stride,
        @PositiveOrZero
        @JsonPropertyDescription("Zero padding added on each side of the input of every convolution.")
        Integer padding,
        @JsonPropertyDescription("Widths of the dense layers after flattening the last feature map, input side "
                + "first; empty to go straight to the mean/log-variance head.")
        List<@NotNull @Positive Integer> dense,
        @JsonPropertyDescription("Activation after each convolution and dense layer.")
        Activation activation,
        @PositiveOrZero @Max(64)
        @JsonInclude(JsonInclude.Include.NON_DEFAULT)    // 0 stays out of the canonical config: older hashes hold
        @JsonPropertyDescription("Residual blocks after each convolution, at its output's channels and size: "
                + "activation(h + conv3x3(activation(conv3x3(h)))), as in ResNet without batch norm (the VQ-VAE and "
                + "PyTorch-VAE conv stacks). 0 (the default) adds none.")
        Integer residualBlocks) implements EncoderSpec {

    /** The config type name. */
    public static final String TYPE = "conv";

    /** Default convolution channels: {@code [32, 64]}. */
    public static final List<Integer> DEFAULT_CHANNELS = List.of(32, 64);

    /** Default kernel side. */
    public static final int DEFAULT_KERNEL = 4;

    /** Default stride. */
    public static final int DEFAULT_STRIDE = 2;

    /** Default padding. */
    public static final int DEFAULT_PADDING = 1;

    /** Default dense widths: {@code [256]}. */
    public static final List<Integer> DEFAULT_DENSE = List.of(256);

    /** Default activation. */
    public static final Activation DEFAULT_ACTIVATION = Activation.RELU;

    /**
     * Fills in defaults and makes the lists unmodifiable copies (null elements are kept for validation to
     * report).
     *
     * @param channels convolution channels, or null for {@link #DEFAULT_CHANNELS}
     * @param kernel kernel side, or null for {@link #DEFAULT_KERNEL}
     * @param stride stride, or null for {@link #DEFAULT_STRIDE}
     * @param padding padding, or null for {@link #DEFAULT_PADDING}
     * @param dense dense widths, or null for {@link #DEFAULT_DENSE}
     * @param activation activation, or null for {@link #DEFAULT_ACTIVATION}
     * @param residualBlocks residual blocks per convolution, or null for 0
     */
    public ConvEncoderSpec {
        channels = channels == null ? DEFAULT_CHANNELS : Collections.unmodifiableList(new ArrayList<>(channels));
        kernel = kernel == null ? DEFAULT_KERNEL : kernel;
        stride = stride == null ? DEFAULT_STRIDE : stride;
        padding = padding == null ? DEFAULT_PADDING : padding;
        dense = dense == null ? DEFAULT_DENSE : Collections.unmodifiableList(new ArrayList<>(dense));
        activation = activation == null ? DEFAULT_ACTIVATION : activation;
        residualBlocks = residualBlocks == null ? 0 : residualBlocks;
    }

    /**
     * A spec without residual blocks.
     *
     * @param channels convolution channels, or null for the default
     * @param kernel kernel side, or null for the default
     * @param stride stride, or null for the default
     * @param padding padding, or null for the default
     * @param dense dense widths, or null for the default
     * @param activation activation, or null for the default
     */
    public ConvEncoderSpec(List<Integer> channels, Integer kernel, Integer stride, Integer padding, List<Integer> dense,
            Activation activation) {
        this(channels, kernel, stride, padding, dense, activation, null);
    }

    /** @return a spec with every default */
    public static ConvEncoderSpec defaults() {
        return new ConvEncoderSpec(null, null, null, null, null, null, null);
    }
}
