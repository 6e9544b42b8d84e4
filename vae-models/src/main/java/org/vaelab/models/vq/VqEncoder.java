package org.vaelab.models.vq;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.ComponentFactory;
import org.vaelab.api.ComponentKind;
import org.vaelab.api.UserInputException;
import org.vaelab.api.Components;
import org.vaelab.api.model.Encoder;
import org.vaelab.api.model.EncoderSpec;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.model.Initializer;
import org.vaelab.api.model.Posterior;

/**
 * The VQ-VAE encoder (A. van den Oord, O. Vinyals and K. Kavukcuoglu, "Neural Discrete Representation
 * Learning", NeurIPS 2017): any encoder's output z_e (its posterior mean), quantised to the nearest of K learned
 * codebook vectors with the straight-through gradient ({@link CodebookQuantiser}). Train it with the {@code vq}
 * loss term (codebook and commitment losses) beside a reconstruction term, and no KL: the posterior is a point
 * mass, so the run's test -ELBO is not a bound for this model (compare {@code test/recon}).
 *
 * <table>
 *   <caption>Config ({@code "type": "vq"})</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code encoder}</td><td>(required)</td><td>The encoder whose mean output is quantised.</td></tr>
 *   <tr><td>{@code codes}</td><td>512</td><td>Codebook size K.</td></tr>
 *   <tr><td>{@code codeDim}</td><td>latentDim</td><td>Values per code; latentDim / codeDim codes per image.</td></tr>
 * </table>
 */
public final class VqEncoder implements Encoder {

    /**
     * @param encoder the encoder whose output is quantised
     * @param codes K, the codebook size
     * @param codeDim values per code, or null for the whole latent vector
     */
    public record Spec(
            @JsonPropertyDescription("The encoder whose output (its posterior mean) is quantised.") @NotNull @Valid
            EncoderSpec encoder,
            @JsonPropertyDescription("Codebook size K.") @NotNull @Positive @Max(65536)
            Integer codes,
            @JsonPropertyDescription("Values per code: model.latentDim is quantised in latentDim / codeDim pieces, each "
                    + "its own code (VQ-VAE quantises each position of a feature map). Unset: the whole latent vector. "
                    + "At least 2: SameDiff 1.0.0-M2.1 cannot reduce over a dimension of size 1.")
            @Min(2) Integer codeDim) implements EncoderSpec {

        /** The config type name. */
        public static final String TYPE = "vq";

        /** Fills in defaults. */
        public Spec {
            if (codes == null) {
                codes = 512;
            }
        }
    }

    /** Builds the inner encoder through the framework's registry. */
    public static final class Factory implements ComponentFactory<Spec, VqEncoder> {
        private final Components components;

        /** @param components builds the nested encoder */
        @Inject
        public Factory(Components components) {
            this.components = components;
        }

        @Override
        public VqEncoder create(Spec spec) {
            return new VqEncoder(components.create(ComponentKind.ENCODER, spec.encoder(), Encoder.class), spec.codes(),
                    spec.codeDim());
        }
    }

    private final Encoder inner;
    private final int codes;
    private final Integer codeDim;

    /**
     * @param inner the encoder whose output is quantised
     * @param codes K
     * @param codeDim values per code, or null for the whole latent vector
     */
    public VqEncoder(Encoder inner, int codes, Integer codeDim) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.codes = codes;
        this.codeDim = codeDim;
    }

    @Override
    public Posterior encode(GraphContext g, SDVariable input) {
        Posterior q = inner.encode(g, input);
        // codebook initialised uniformly in +-1/K, as the reference implementation does
        int piece = codeDim == null ? g.latentDim() : codeDim;
        if (g.latentDim() % piece != 0) {
            throw new UserInputException("model.encoder.codeDim (" + piece + ") must divide model.latentDim ("
                    + g.latentDim() + ")");
        }
        SDVariable codebook = g.parameter("codebook", Initializer.uniform(1.0 / codes), codes, piece);
        return new Posterior(q.mean(), q.mean().mul(0.0), new CodebookQuantiser(codebook, piece));
    }
}
