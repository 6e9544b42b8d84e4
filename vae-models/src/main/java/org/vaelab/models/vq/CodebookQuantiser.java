package org.vaelab.models.vq;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.model.Posterior;
import org.vaelab.api.model.VectorQuantiser;
import org.vaelab.api.ops.VaeOps;

/**
 * Nearest-neighbour quantisation to a codebook {@code [K, codeDim]}, piece by piece of {@code codeDim} latent
 * values (as VQ-VAE quantises each position of its feature map): z_q = e_k with k = argmin_j |z_e - e_j|^2,
 * and z = z_e + sg(z_q - z_e), so the decoder sees z_q and the encoder gets the decoder's gradient unchanged
 * (the straight-through estimator). The posterior is a point mass at the chosen code: log q(z|x) = 0.
 *
 * <p>With {@code normalize}, each piece of z_e and each code are first scaled to unit length (J. Yu et al.,
 * "Vector-quantized Image Modeling with Improved VQGAN", ICLR 2022): the nearest code is then the one of
 * highest cosine similarity, z_q is a unit vector, and z_e in the straight-through sum and the losses is the
 * normalised one.
 */
final class CodebookQuantiser implements VectorQuantiser {

    /** Added to squared lengths before the square root: a zero piece or code stays finite (and keeps a gradient). */
    private static final double NORM_EPS = 1e-12;

    private final SDVariable codebook;
    private final int codeDim;
    private final boolean normalize;
    /** The graph's quantisation of each posterior mean: the draw, the vq loss and its metrics share one search. */
    private final Map<SDVariable, Codes> quantised = new IdentityHashMap<>();

    /**
     * @param ze the encoder's output as compared with the codes, {@code [batch, latentDim]}
     * @param zq the chosen codes, {@code [batch, latentDim]}
     * @param onehot the choice, {@code [batch * pieces, K]}
     */
    private record Codes(SDVariable ze, SDVariable zq, SDVariable onehot) {}

    /**
     * @param codebook {@code [K, codeDim]}
     * @param codeDim the length of one code: the latent vector is quantised in {@code latentDim / codeDim} pieces
     * @param normalize whether pieces and codes are l2-normalised before the search (cosine lookup)
     */
    CodebookQuantiser(SDVariable codebook, int codeDim, boolean normalize) {
        this.codebook = codebook;
        this.codeDim = codeDim;
        this.normalize = normalize;
    }

    @Override
    public SDVariable quantised(GraphContext g, Posterior q) {
        return codes(g, q).zq();
    }

    @Override
    public SDVariable encoderOutput(GraphContext g, Posterior q) {
        return codes(g, q).ze();
    }

    @Override
    public Optional<SDVariable> assignments(GraphContext g, Posterior q) {
        return Optional.of(codes(g, q).onehot());
    }

    private Codes codes(GraphContext g, Posterior q) {
        return quantised.computeIfAbsent(q.mean(), ze -> nearestCodes(g, ze));
    }

    /** z_q for the encoder's outputs z_e: the nearest-code search, added to the graph once per z_e. */
    private Codes nearestCodes(GraphContext g, SDVariable encoderOutput) {
        SameDiff sd = g.sd();
        SDVariable ze = encoderOutput.reshape(-1, codeDim);                                // [batch * pieces, codeDim]
        SDVariable codes = codebook;
        if (normalize) {
            ze = unit(sd, ze);
            codes = unit(sd, codebook);
        }
        SDVariable distances = sd.math.square(ze).sum(true, 1)
                .sub(sd.mmul(ze, codes, false, true, false).mul(2.0))
                .add(sd.math.square(codes).sum(true, 1).reshape(1, -1));                  // [batch * pieces, K]
        SDVariable nearest = VaeOps.stopGradient(sd,
                sd.eq(distances, distances.min(true, 1)).castTo(g.dataType()));
        SDVariable zq = sd.mmul(nearest, codes).reshape(-1, g.latentDim());                 // [batch, latentDim]
        return new Codes(normalize ? ze.reshape(-1, g.latentDim()) : encoderOutput, zq, nearest);
    }

    /** Each row scaled to unit length. */
    private static SDVariable unit(SameDiff sd, SDVariable rows) {
        return rows.div(sd.math.sqrt(sd.math.square(rows).sum(true, 1).add(NORM_EPS)));
    }

    @Override
    public SDVariable sample(GraphContext g, Posterior q, SDVariable eps) {
        SDVariable ze = encoderOutput(g, q);
        return ze.add(VaeOps.stopGradient(g.sd(), quantised(g, q).sub(ze)));
    }

    @Override
    public SDVariable logDensity(GraphContext g, Posterior q, SDVariable z) {
        return z.mul(0.0).sum(1);
    }

    @Override
    public String toString() {
        return normalize ? "vector-quantised (l2-normalised)" : "vector-quantised";
    }
}
