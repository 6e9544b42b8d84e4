package org.vaelab.experiments.testplugin;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vaelab.api.loss.ForwardPass;
import org.vaelab.api.loss.LossSpec;
import org.vaelab.api.loss.LossTerm;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.ops.VaeOps;

/**
 * The K-sample importance-weighted bound (Burda et al. 2016) as a training objective,
 * {@code -log (1/K) sum_k p(x|z_k) p(z_k) / q(z_k|x)}: proof that a term can ask for K seeded samples per
 * example ({@link GraphContext#standardNormal}) and decode them with the model's decoder
 * ({@link GraphContext#decode}, {@link GraphContext#reconstructionNll}).
 */
public final class KSampleElbo implements LossTerm {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /**
     * @param weight the term's weight
     * @param samples K
     */
    public record Spec(double weight, int samples) implements LossSpec {
        public static final String TYPE = "k-sample-elbo";

        @JsonCreator
        public Spec(@JsonProperty("weight") Double weight, @JsonProperty("samples") Integer samples) {
            this(weight == null ? 1.0 : weight, samples == null ? 3 : samples);
        }
    }

    private final int k;

    KSampleElbo(Spec spec) {
        this.k = spec.samples();
    }

    @Override
    public String name() {
        return "k-sample-elbo";
    }

    @Override
    public SDVariable perExample(GraphContext g, ForwardPass fp) {
        SameDiff sd = g.sd();
        int d = g.latentDim();
        long pixels = g.inputDim();
        SDVariable eps = g.standardNormal("k-sample", k, d);                         // [b, K, d]
        SDVariable mean = fp.posterior().mean().reshape(-1, 1, d);
        SDVariable logVar = fp.posterior().logVar().reshape(-1, 1, d);
        SDVariable z = mean.add(sd.math.exp(logVar.mul(0.5)).mul(eps)).reshape(-1, d);  // [b*K, d]
        SDVariable target = sd.tile(fp.target().reshape(-1, 1, pixels), 1, k, 1).reshape(-1, pixels);
        SDVariable nll = g.reconstructionNll(target, g.decode(z)).reshape(-1, k);       // [b, K]
        SDVariable logPz = fp.prior().logProb(g, z).reshape(-1, k);
        // (z - mean)^2 / var = eps^2 for the diagonal Gaussian
        SDVariable logQz = sd.math.square(eps).add(logVar).add(LOG_2PI).sum(2).mul(-0.5);
        SDVariable logW = logPz.sub(logQz).sub(nll);
        return VaeOps.logSumExp(sd, logW, 1).sub(Math.log(k)).neg();
    }
}
