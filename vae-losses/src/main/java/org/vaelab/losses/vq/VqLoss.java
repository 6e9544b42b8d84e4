package org.vaelab.losses.vq;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vaelab.api.UserInputException;
import org.vaelab.api.loss.TermOutputs;
import org.vaelab.api.loss.ForwardPass;
import org.vaelab.api.loss.LossSpec;
import org.vaelab.api.loss.LossTerm;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.model.Posterior;
import org.vaelab.api.model.VectorQuantiser;
import org.vaelab.api.ops.VaeOps;

/**
 * VQ-VAE's codebook and commitment losses (van den Oord et al., NeurIPS 2017, eq. 3), per example
 * <pre>
 *   |sg(z_e) - z_q|^2 + beta |z_e - sg(z_q)|^2
 * </pre>
 * summed over latent dimensions: the first moves the chosen codebook vectors to the encoder's outputs, the second
 * keeps the encoder's outputs near their codes. z_e is the quantiser's {@link VectorQuantiser#encoderOutput} (the
 * l2-normalised output with {@code normalize}). Logs the batch's codebook usage beside it ({@link #usage}).
 * Needs an encoder whose posterior is a {@link VectorQuantiser} (the {@code vq} encoder).
 *
 * @param spec the validated spec
 */
public record VqLoss(Spec spec) implements LossTerm {

    /**
     * Config: {@code {"type": "vq", "beta": 0.25}}.
     *
     * @param weight multiplier of this term; default 1
     * @param beta the commitment weight; default 0.25, the paper's
     */
    public record Spec(
            @JsonPropertyDescription("Multiplier of this term in the training objective. Default 1.0.") @PositiveOrZero
            double weight,
            @JsonPropertyDescription("Commitment weight beta (the paper uses 0.25).") @PositiveOrZero
            double beta) implements LossSpec {

        /** The config type name. */
        public static final String TYPE = "vq";

        /**
         * @param weight the weight or null
         * @param beta the commitment weight or null
         */
        @JsonCreator
        public Spec(@JsonProperty("weight") Double weight, @JsonProperty("beta") Double beta) {
            this(weight == null ? 1.0 : weight.doubleValue(), beta == null ? 0.25 : beta.doubleValue());
        }
    }

    @Override
    public String name() {
        return "vq";
    }

    @Override
    public SDVariable perExample(GraphContext g, ForwardPass fp) {
        Posterior q = fp.posterior();
        VectorQuantiser quantiser = quantiser(q);
        SameDiff sd = g.sd();
        SDVariable ze = quantiser.encoderOutput(g, q);
        SDVariable zq = quantiser.quantised(g, q);
        SDVariable codebook = sd.math.square(VaeOps.stopGradient(sd, ze).sub(zq)).sum(1);
        SDVariable commitment = sd.math.square(ze.sub(VaeOps.stopGradient(sd, zq))).sum(1);
        return codebook.add(commitment.mul(spec.beta()));
    }

    /** The value, with the batch's code usage logged beside it ({@link #usage}). */
    @Override
    public TermOutputs build(GraphContext g, ForwardPass fp) {
        return new TermOutputs(perExample(g, fp), Map.of(), usage(g, fp));
    }

    /**
     * The batch's code usage, logged as {@code loss/vq/perplexity} and {@code loss/vq/codesUsed}: exp of the entropy
     * of the batch's code histogram (K when every code is chosen equally often, 1 when one code takes every piece),
     * and the codes chosen at least once. Both are bounded by the pieces in the batch, so compare them at one batch
     * size.
     *
     * @param g the graph context
     * @param fp the forward pass
     * @return the two scalars by key, or none for a quantiser that does not expose its assignments
     */
    public Map<String, SDVariable> usage(GraphContext g, ForwardPass fp) {
        Optional<SDVariable> onehot = quantiser(fp.posterior()).assignments(g, fp.posterior());
        if (onehot.isEmpty()) {
            return Map.of();
        }
        SameDiff sd = g.sd();
        SDVariable share = onehot.get().mean(0);                                              // [K]
        SDVariable entropy = share.mul(sd.math.log(share.add(1e-10))).sum().neg();
        Map<String, SDVariable> metrics = new LinkedHashMap<>();
        metrics.put("perplexity", sd.math.exp(entropy));
        metrics.put("codesUsed", sd.gt(share, 0.0).castTo(share.dataType()).sum());
        return metrics;
    }

    private static VectorQuantiser quantiser(Posterior q) {
        if (!(q.family() instanceof VectorQuantiser quantiser)) {
            throw new UserInputException("loss vq needs a vector-quantised encoder (model.encoder: {type: vq, encoder: "
                    + "{...}}); this encoder's posterior is " + q.family());
        }
        return quantiser;
    }
}
