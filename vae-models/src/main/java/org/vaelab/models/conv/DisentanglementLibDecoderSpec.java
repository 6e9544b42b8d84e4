package org.vaelab.models.conv;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import org.vaelab.api.model.DecoderSpec;
import org.vaelab.models.mlp.Activation;

/**
 * Config of disentanglement_lib's standard decoder for 64x64 images, the mirror of
 * {@link DisentanglementLibEncoderSpec}, type {@value #TYPE}: a {@link ConvDecoder} with a dense layer of 256, a
 * projection to a 64 x 4 x 4 map and four transposed convolutions (64, 64, 32 and 32 channels in; kernel 4,
 * stride 2, padding 1: 4x4 -> 64x64), the last one to the image's channels, as logits. The same model as
 * {@code {type: conv, dense: [256], channels: [64, 64, 32, 32], kernel: 4, stride: 2, padding: 1}}, by name.
 *
 * @param activation activation after each hidden layer; default {@code relu}, as in disentanglement_lib
 */
public record DisentanglementLibDecoderSpec(
        @JsonPropertyDescription("Activation after each hidden layer (disentanglement_lib: relu). The layers are "
                + "fixed: dense 256, then transposed convolutions from 64-64-32-32 channels, kernel 4, stride 2, "
                + "padding 1, for 64x64 images; for other layers use type conv.")
        Activation activation) implements DecoderSpec {

    /** The config type name. */
    public static final String TYPE = "disentanglement-lib";

    /** @param activation the activation, or null for relu */
    public DisentanglementLibDecoderSpec {
        activation = activation == null ? Activation.RELU : activation;
    }

    /** @return the conv decoder's config this architecture is */
    public ConvDecoderSpec conv() {
        return new ConvDecoderSpec(List.of(256), List.of(64, 64, 32, 32), 4, 2, 1, activation, null);
    }
}
