package org.vaelab.models.conv;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import org.vaelab.api.model.EncoderSpec;
import org.vaelab.models.mlp.Activation;

/**
 * Config of disentanglement_lib's standard encoder for 64x64 images (Locatello et al., ICML 2019, after Higgins
 * et al., ICLR 2017, and Burgess et al., arXiv:1804.03599), type {@value #TYPE}: a {@link ConvEncoder} with four
 * convolutions of 32, 32, 64 and 64 channels (kernel 4, stride 2, padding 1: 64x64 -> 4x4), then one dense layer
 * of 256. The same model as {@code {type: conv, channels: [32, 32, 64, 64], kernel: 4, stride: 2, padding: 1,
 * dense: [256]}}, by name.
 *
 * @param activation activation after each convolution and the dense layer; default {@code relu}, as in
 *     disentanglement_lib
 */
public record DisentanglementLibEncoderSpec(
        @JsonPropertyDescription("Activation after each convolution and the dense layer (disentanglement_lib: relu). "
                + "The layers are fixed: conv 32-32-64-64, kernel 4, stride 2, padding 1, dense 256; for other "
                + "layers use type conv.")
        Activation activation) implements EncoderSpec {

    /** The config type name. */
    public static final String TYPE = "disentanglement-lib";

    /** @param activation the activation, or null for relu */
    public DisentanglementLibEncoderSpec {
        activation = activation == null ? Activation.RELU : activation;
    }

    /** @return the conv encoder's config this architecture is */
    public ConvEncoderSpec conv() {
        return new ConvEncoderSpec(List.of(32, 32, 64, 64), 4, 2, 1, List.of(256), activation);
    }
}
