package org.vaelab.experiments.testplugin;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vaelab.api.model.Encoder;
import org.vaelab.api.model.EncoderSpec;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.model.Initializer;
import org.vaelab.api.model.Posterior;
import org.vaelab.api.model.PosteriorFamily;

/**
 * A linear encoder whose posterior is a factorised Laplace, q(z|x) = prod Laplace(mean, b = exp(logScale)):
 * proof that a posterior family other than the diagonal Gaussian plugs in ({@link PosteriorFamily}), drawing
 * its own uniform noise ({@link GraphContext#uniform}).
 */
public final class LaplaceEncoder implements Encoder {

    /** Config: no fields. */
    public record Spec() implements EncoderSpec {
        public static final String TYPE = "laplace-linear";
    }

    /** Laplace(mean, b) with b = exp(logVar field): z = mean - b sign(u) log(1 - 2|u|), u ~ U(-1/2, 1/2). */
    static final PosteriorFamily LAPLACE = new PosteriorFamily() {
        @Override
        public SDVariable sample(GraphContext g, Posterior q, SDVariable eps) {
            SameDiff sd = g.sd();
            SDVariable u = g.uniform("laplace", g.latentDim()).sub(0.5);
            SDVariable standard = sd.math.sign(u).mul(sd.math.log(sd.math.abs(u).mul(-2.0).add(1.0))).neg();
            return q.mean().add(sd.math.exp(q.logVar()).mul(standard));
        }

        @Override
        public SDVariable logDensity(GraphContext g, Posterior q, SDVariable z) {
            SameDiff sd = g.sd();
            SDVariable scaled = sd.math.abs(z.sub(q.mean())).mul(sd.math.exp(q.logVar().neg()));
            return scaled.add(q.logVar()).add(Math.log(2)).sum(1).neg();
        }
    };

    LaplaceEncoder(Spec spec) {}

    @Override
    public Posterior encode(GraphContext g, SDVariable input) {
        long in = g.inputDim();
        int d = g.latentDim();
        SDVariable w = g.parameter("w", Initializer.xavierUniform(in, 2L * d), in, 2L * d);
        SDVariable b = g.parameter("b", Initializer.zeros(), 1, 2L * d);
        SDVariable h = input.mmul(w).add(b);
        SDVariable mean = h.get(org.nd4j.autodiff.samediff.SDIndex.all(), org.nd4j.autodiff.samediff.SDIndex.interval(0, d));
        SDVariable logScale = h.get(org.nd4j.autodiff.samediff.SDIndex.all(),
                org.nd4j.autodiff.samediff.SDIndex.interval(d, 2 * d)).mul(0.1).sub(1.0);
        return new Posterior(mean, logScale, LAPLACE);
    }
}
