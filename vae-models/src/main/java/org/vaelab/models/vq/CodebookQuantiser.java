package org.vaelab.models.vq;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.model.Posterior;
import org.vaelab.api.model.VectorQuantiser;
import org.vaelab.api.ops.VaeOps;

/**
 * Nearest-neighbour quantisation to a codebook {@code [K, codeDim]}, piece by piece of {@code codeDim} latent
 * values (as VQ-VAE quantises each position of its feature map): z_q = e_k with k = argmin_j |z_e - e_j|^2,
 * and z = z_e + sg(z_q - z_e), so the decoder sees z_q and the encoder gets the decoder's gradient unchanged
 * (the straight-through estimator). The posterior is a point mass at the chosen code: log q(z|x) = 0.
 */
final class CodebookQuantiser implements VectorQuantiser {

    private final SDVariable codebook;
    private final int codeDim;
    /** The quantised codes already in the graph, by the posterior they quantise: the draw and the vq loss share them. */
    private final java.util.Map<SDVariable, SDVariable> quantised = new java.util.IdentityHashMap<>();

    /**
     * @param codebook {@code [K, codeDim]}
     * @param codeDim the length of one code: the latent vector is quantised in {@code latentDim / codeDim} pieces
     */
    CodebookQuantiser(SDVariable codebook, int codeDim) {
        this.codebook = codebook;
        this.codeDim = codeDim;
    }

    @Override
    public SDVariable quantised(GraphContext g, Posterior q) {
        return quantised.computeIfAbsent(q.mean(), ze -> nearestCodes(g, ze));
    }

    /** z_q for the encoder's outputs z_e: the nearest-code search, added to the graph once per z_e. */
    private SDVariable nearestCodes(GraphContext g, SDVariable encoderOutput) {
        SameDiff sd = g.sd();
        SDVariable ze = encoderOutput.reshape(-1, codeDim);                                // [batch * pieces, codeDim]
        SDVariable distances = sd.math.square(ze).sum(true, 1)
                .sub(sd.mmul(ze, codebook, false, true, false).mul(2.0))
                .add(sd.math.square(codebook).sum(true, 1).reshape(1, -1));               // [batch, K]
        SDVariable nearest = sd.eq(distances, distances.min(true, 1)).castTo(DataType.FLOAT);
        return sd.mmul(VaeOps.stopGradient(sd, nearest), codebook).reshape(-1, g.latentDim());   // [batch, latentDim]
    }

    @Override
    public SDVariable sample(GraphContext g, Posterior q, SDVariable eps) {
        SDVariable ze = q.mean();
        return ze.add(VaeOps.stopGradient(g.sd(), quantised(g, q).sub(ze)));
    }

    @Override
    public SDVariable logDensity(GraphContext g, Posterior q, SDVariable z) {
        return z.mul(0.0).sum(1);
    }

    @Override
    public String toString() {
        return "vector-quantised";
    }
}
