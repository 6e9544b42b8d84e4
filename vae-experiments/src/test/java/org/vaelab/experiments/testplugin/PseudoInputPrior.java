package org.vaelab.experiments.testplugin;

import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.ops.VaeOps;
import org.vaelab.api.model.Initializer;
import org.vaelab.api.model.Posterior;
import org.vaelab.api.model.Prior;
import org.vaelab.api.model.PriorSpec;

/**
 * The VampPrior (Tomczak and Welling 2018), p(z) = 1/K sum_k q(z | u_k), with K learnable pseudo-inputs u_k
 * pushed through the model's encoder ({@link GraphContext#encode}): proof that a prior can own parameters
 * that train through the encoder.
 */
public final class PseudoInputPrior implements Prior {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /** @param components K */
    public record Spec(Integer components) implements PriorSpec {
        public static final String TYPE = "pseudo-inputs";

        public Spec {
            if (components == null) {
                components = 4;
            }
        }
    }

    private final int k;
    private Posterior pseudo;

    PseudoInputPrior(Spec spec) {
        this.k = spec.components();
    }

    @Override
    public void build(GraphContext g) {
        SDVariable inputs = g.parameter("pseudo-inputs", Initializer.uniform(0.5), k, g.inputDim()).add(0.5);
        pseudo = g.encode(inputs);                                             // [K, d] each, shared weights
    }

    @Override
    public SDVariable logProb(GraphContext g, SDVariable z) {
        SameDiff sd = g.sd();
        int d = g.latentDim();
        SDVariable diff = z.reshape(-1, 1, d).sub(pseudo.mean().reshape(1, k, d));        // [b, K, d]
        SDVariable logVar = pseudo.logVar().reshape(1, k, d);
        SDVariable perComponent = sd.math.square(diff).mul(sd.math.exp(logVar.neg())).add(logVar).add(LOG_2PI)
                .sum(2).mul(-0.5);                                                         // [b, K]
        return VaeOps.logSumExp(sd, perComponent, 1).sub(Math.log(k));
    }

    @Override
    public INDArray sample(GraphContext g, int n, SplittableRandom rng) {
        Map<String, INDArray> components = g.sd().output(Map.of(), pseudo.mean().name(), pseudo.logVar().name());
        INDArray mean = components.get(pseudo.mean().name());
        INDArray logVar = components.get(pseudo.logVar().name());
        int d = g.latentDim();
        float[] values = new float[n * d];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(k);
            for (int j = 0; j < d; j++) {
                values[i * d + j] = (float) (mean.getDouble(c, j)
                        + Math.exp(logVar.getDouble(c, j) / 2) * Initializer.normal(1.0).sample(rng));
            }
        }
        return Nd4j.create(values, new long[] {n, d}, 'c').castTo(g.dataType());
    }
}
