package org.vaelab.api.loss;

import java.util.Objects;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.model.Posterior;
import org.vaelab.api.model.Prior;

/**
 * Everything one pass through the model produced, as graph variables, for loss terms to read.
 *
 * @param target the clean input batch the model should reconstruct, {@code [batch, C*H*W]}
 * @param input the batch the encoder saw: equal to {@code target} unless a corruption is configured
 * @param mask per-pixel corruption mask, 1 where the corruption hid or changed a pixel and 0 elsewhere;
 *     {@code null} when no corruption that yields a mask is configured (use {@link #maskIfPresent()})
 * @param posterior q(z|x) from the encoder
 * @param z one reparameterised sample {@code mean + exp(logVar/2) * eps}, {@code [batch, latentDim]}
 * @param decoderOutput the decoder's output for {@code z}, {@code [batch, C*H*W]}
 * @param prior the model's prior
 */
public record ForwardPass(SDVariable target, SDVariable input, SDVariable mask, Posterior posterior,
        SDVariable z, SDVariable decoderOutput, Prior prior) {

    /**
     * Rejects null required parts.
     *
     * @param target the clean input batch
     * @param input the batch the encoder saw
     * @param mask the corruption mask, or null
     * @param posterior q(z|x)
     * @param z the reparameterised sample
     * @param decoderOutput the decoder output
     * @param prior the prior
     */
    public ForwardPass {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(posterior, "posterior");
        Objects.requireNonNull(z, "z");
        Objects.requireNonNull(decoderOutput, "decoderOutput");
        Objects.requireNonNull(prior, "prior");
    }

    /** @return the corruption mask, or empty when the configured corruption yields none */
    public Optional<SDVariable> maskIfPresent() {
        return Optional.ofNullable(mask);
    }
}
