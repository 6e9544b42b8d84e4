package org.vaelab.losses;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.data.ImageShape;
import org.vaelab.api.loss.ForwardPass;
import org.vaelab.api.loss.LossTerm;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.model.Initializer;
import org.vaelab.api.model.Posterior;
import org.vaelab.api.model.Prior;
import org.vaelab.api.model.SeededGraphContext;
import org.vaelab.api.ops.VaeOps;

/**
 * A tiny VAE graph in DOUBLE for loss-term tests, laid out as the runner lays it out: batch 3, 2x2 images
 * (d = 4), latent 2. The encoder is linear ({@code mean = x Wm + bm}, {@code logVar = x Wv + bv}), z is
 * reparameterised from the {@code eps} placeholder, and the decoder is linear ({@code z Wd + bd}). The
 * clean {@code target} and the encoder's {@code input} are separate placeholders fed different values, so a
 * test can tell which one a term scores.
 */
@SuppressWarnings("try")          // name scopes are opened for their effect only
public final class TinyGraph {

    public static final int BATCH = 3;
    public static final int D = 4;
    public static final int LATENT = 2;

    public final SameDiff sd = SameDiff.create();
    public final SeededGraphContext g = new SeededGraphContext(sd, DataType.DOUBLE, new ImageShape(1, 2, 2), LATENT, 1234);
    public final SDVariable target;
    public final SDVariable input;
    public final SDVariable eps;
    public final Posterior posterior;
    public final SDVariable z;
    public final SDVariable decoderOutput;
    public final ForwardPass pass;
    public final Map<String, INDArray> feed = new HashMap<>();

    /** @param prior the prior of the pass */
    public TinyGraph(Prior prior) {
        target = sd.placeHolder("target", DataType.DOUBLE, -1, D);
        input = sd.placeHolder("x", DataType.DOUBLE, -1, D);
        eps = sd.placeHolder("eps", DataType.DOUBLE, -1, LATENT);
        try (var ns = sd.withNameScope("encoder")) {
            SDVariable mean = input.mmul(g.parameter("mean/w", Initializer.fanInUniform(D), D, LATENT))
                    .add(g.parameter("mean/b", Initializer.fanInUniform(D), LATENT));
            SDVariable logVar = input.mmul(g.parameter("logvar/w", Initializer.fanInUniform(D), D, LATENT))
                    .add(g.parameter("logvar/b", Initializer.fanInUniform(D), LATENT));
            posterior = new Posterior(mean, logVar);
        }
        z = posterior.mean().add(sd.math.exp(posterior.logVar().mul(0.5)).mul(eps));
        try (var ns = sd.withNameScope("decoder")) {
            decoderOutput = z.mmul(g.parameter("out/w", Initializer.normal(1.5), LATENT, D))
                    .add(g.parameter("out/b", Initializer.normal(0.5), D));
        }
        try (var ns = sd.withNameScope("prior")) {
            prior.build(g);
        }
        pass = new ForwardPass(target, input, null, posterior, z, decoderOutput, prior);

        SplittableRandom rng = new SplittableRandom(77);
        feed.put("target", matrix(BATCH, D, rng::nextDouble));
        feed.put("x", matrix(BATCH, D, rng::nextDouble));
        feed.put("eps", matrix(BATCH, LATENT, () -> gaussian(rng)));
    }

    /** Adds a term's ops inside the {@code loss/} scope, as the runner does. */
    public SDVariable perExample(LossTerm term) {
        try (var ns = sd.withNameScope("loss")) {
            return term.perExample(g, pass);
        }
    }

    /** @return the values of the variables, as {@code double[rows][cols]} (a vector becomes one row) */
    public Map<String, double[][]> eval(SDVariable... variables) {
        String[] names = Arrays.stream(variables).map(SDVariable::name).toArray(String[]::new);
        Map<String, INDArray> out = sd.output(feed, names);
        Map<String, double[][]> result = new HashMap<>();
        out.forEach((name, arr) -> result.put(name, arr.rank() == 1
                ? new double[][] {arr.toDoubleVector()} : arr.toDoubleMatrix()));
        return result;
    }

    /** @return the raw INDArray of one variable */
    public INDArray evalArray(SDVariable variable) {
        return sd.output(feed, variable.name()).get(variable.name());
    }

    /** @return the names of all trainable parameters */
    public List<String> parameterNames() {
        return sd.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE)
                .map(SDVariable::name).toList();
    }

    /** Makes {@code loss = sum(term)} the only loss and returns the gradient of every parameter. */
    public Map<String, INDArray> gradients(SDVariable perExample) {
        SDVariable loss = perExample.sum();
        sd.setLossVariables(loss.name());
        return sd.calculateGradients(feed, parameterNames());
    }

    private static INDArray matrix(int rows, int cols, java.util.function.DoubleSupplier values) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = values.getAsDouble();
            }
        }
        return Nd4j.create(m);
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /**
     * A standard normal prior written for the tests; it offers the closed-form KL only when asked to, and
     * counts the calls so a test can see which path a term took.
     */
    public static final class StubPrior implements Prior {
        private final boolean analytic;
        public int logProbCalls;
        public int analyticKlCalls;

        /** @param analytic whether {@link #analyticKl} offers the closed form */
        public StubPrior(boolean analytic) {
            this.analytic = analytic;
        }

        @Override
        public SDVariable logProb(GraphContext g, SDVariable z) {
            logProbCalls++;
            return VaeOps.standardNormalLogProb(g.sd(), z);
        }

        @Override
        public Optional<SDVariable> analyticKl(GraphContext g, Posterior q) {
            analyticKlCalls++;
            return analytic ? Optional.of(VaeOps.klToStandardNormal(g.sd(), q.mean(), q.logVar())) : Optional.empty();
        }

        @Override
        public INDArray sample(GraphContext g, int n, SplittableRandom rng) {
            return Nd4j.zeros(g.dataType(), n, g.latentDim());
        }
    }
}
