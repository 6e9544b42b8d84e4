package org.vaelab.models.vq;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 *   <tr><td>{@code normalize}</td><td>false</td><td>l2-normalise pieces and codes before the search (cosine
 *       lookup).</td></tr>
 * </table>
 */
public final class VqEncoder implements Encoder {

    /**
     * @param encoder the encoder whose output is quantised
     * @param codes K, the codebook size
     * @param codeDim values per code, or null for the whole latent vector
     * @param normalize whether pieces and codes are l2-normalised before the search; default false
     */
    public record Spec(
            @JsonPropertyDescription("The encoder whose output (its posterior mean) is quantised.") @NotNull @Valid
            EncoderSpec encoder,
            @JsonPropertyDescription("Codebook size K.") @NotNull @Positive @Max(65536)
            Integer codes,
            @JsonPropertyDescription("Values per code: model.latentDim is quantised in latentDim / codeDim pieces, each "
                    + "its own code (VQ-VAE quantises each position of a feature map). Unset: the whole latent vector. "
                    + "At least 2: SameDiff 1.0.0-M2.1 cannot reduce over a dimension of size 1.")
            @Min(2) Integer codeDim,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT)    // false stays out of the canonical config: older hashes hold
            @JsonPropertyDescription("Scale each piece of the encoder's output and each code to unit length before the "
                    + "nearest-code search, so codes are chosen by cosine similarity and the decoder sees unit vectors "
                    + "(Yu et al. 2022, ViT-VQGAN). Keeps the codebook and the encoder's outputs on one scale, which "
                    + "the plain lookup loses when the encoder's outputs outrun the codebook's updates.")
            Boolean normalize) implements EncoderSpec {

        /** The config type name. */
        public static final String TYPE = "vq";

        /** Fills in defaults. */
        public Spec {
            if (codes == null) {
                codes = 512;
            }
            if (normalize == null) {
                normalize = false;
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
                    spec.codeDim(), spec.normalize());
        }
    }

    private final Encoder inner;
    private final int codes;
    private final Integer codeDim;
    private final boolean normalize;

    /**
     * @param inner the encoder whose output is quantised
     * @param codes K
     * @param codeDim values per code, or null for the whole latent vector
     */
    public VqEncoder(Encoder inner, int codes, Integer codeDim) {
        this(inner, codes, codeDim, false);
    }

    /**
     * @param inner the encoder whose output is quantised
     * @param codes K
     * @param codeDim values per code, or null for the whole latent vector
     * @param normalize whether pieces and codes are l2-normalised before the search (cosine lookup)
     */
    public VqEncoder(Encoder inner, int codes, Integer codeDim, boolean normalize) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.codes = codes;
        this.codeDim = codeDim;
        this.normalize = normalize;
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
        return new Posterior(q.mean(), q.mean().mul(0.0), new CodebookQuantiser(codebook, piece, normalize));
    }
}
