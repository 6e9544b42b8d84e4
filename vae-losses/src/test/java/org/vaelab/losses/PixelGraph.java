package org.vaelab.losses;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.data.ImageShape;
import org.vaelab.api.loss.ForwardPass;
import org.vaelab.api.loss.LossTerm;
import org.vaelab.api.model.Posterior;
import org.vaelab.api.model.SeededGraphContext;

/**
 * A graph in DOUBLE for pixel-weighted reconstruction tests: placeholders {@code target}, {@code input} and
 * {@code mask} laid out as the runner lays them out ({@code input} is the very {@code target} variable when
 * no corruption is given, and there is no mask unless one is given), and a decoder output that is itself a
 * trainable variable {@code out} with fixed values, so the gradient of a term with respect to the decoder
 * output is read off directly. The encoder side (posterior, z) is constant: pixel terms do not read it.
 */
@SuppressWarnings("try")          // name scopes are opened for their effect only
public final class PixelGraph {

    public final SameDiff sd = SameDiff.create();
    public final SeededGraphContext g;
    public final SDVariable target;
    public final SDVariable input;
    public final SDVariable mask;
    public final SDVariable out;
    public final ForwardPass pass;
    public final Map<String, INDArray> feed = new HashMap<>();
    public final double[][] targetValues;
    public final double[][] inputValues;
    public final double[][] maskValues;
    public final double[][] outValues;

    /**
     * @param target the clean batch, {@code [batch][d]}
     * @param input the corrupted batch, or null for no corruption ({@code input} is then {@code target})
     * @param mask the corruption mask, or null for none
     * @param out the decoder output values
     */
    public PixelGraph(double[][] target, double[][] input, double[][] mask, double[][] out) {
        int batch = target.length;
        int d = target[0].length;
        this.targetValues = target;
        this.inputValues = input;
        this.maskValues = mask;
        this.outValues = out;
        g = new SeededGraphContext(sd, DataType.DOUBLE, new ImageShape(1, 1, d), 1, 99);
        this.target = sd.placeHolder("target", DataType.DOUBLE, -1, d);
        feed.put("target", Nd4j.create(target));
        if (input == null) {
            this.input = this.target;
        } else {
            this.input = sd.placeHolder("input", DataType.DOUBLE, -1, d);
            feed.put("input", Nd4j.create(input));
        }
        if (mask == null) {
            this.mask = null;
        } else {
            this.mask = sd.placeHolder("mask", DataType.DOUBLE, -1, d);
            feed.put("mask", Nd4j.create(mask));
        }
        this.out = sd.var("out", Nd4j.create(out));
        SDVariable zero = sd.constant("zero", Nd4j.zeros(DataType.DOUBLE, batch, 1));
        pass = new ForwardPass(this.target, this.input, this.mask, new Posterior(zero, zero), zero, this.out,
                new TinyGraph.StubPrior(true));
    }

    /**
     * A random case: targets and inputs uniform in [0, 1], a 0/1 mask with both values in every row, and
     * decoder outputs {@code N(0, 1.5^2)}.
     */
    public static PixelGraph random(long seed, int batch, int d) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] target = new double[batch][d];
        double[][] input = new double[batch][d];
        double[][] mask = new double[batch][d];
        double[][] out = new double[batch][d];
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < d; j++) {
                target[i][j] = rng.nextDouble();
                input[i][j] = rng.nextDouble();
                mask[i][j] = j == 0 ? 1.0 : j == 1 ? 0.0 : rng.nextInt(2);
                double u1 = 1.0 - rng.nextDouble();
                out[i][j] = 1.5 * Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * rng.nextDouble());
            }
        }
        return new PixelGraph(target, input, mask, out);
    }

    /** Adds a term's ops inside the {@code loss/} scope, as the runner does. */
    public SDVariable perExample(LossTerm term) {
        try (var ns = sd.withNameScope("loss")) {
            return term.perExample(g, pass);
        }
    }

    /** @return the value of a {@code [batch]} variable */
    public double[] vector(SDVariable v) {
        INDArray arr = sd.output(feed, v.name()).get(v.name());
        if (arr.rank() != 1) {
            throw new IllegalStateException(v.name() + " has shape " + java.util.Arrays.toString(arr.shape()));
        }
        return arr.toDoubleVector();
    }

    /** @return the value of a {@code [batch, d]} variable */
    public double[][] matrix(SDVariable v) {
        return sd.output(feed, v.name()).get(v.name()).toDoubleMatrix();
    }

    /** Makes {@code loss = sum(perExample)} the only loss and returns its gradient with respect to {@code out}. */
    public double[][] gradientOfOut(SDVariable perExample) {
        SDVariable loss = perExample.sum();
        sd.setLossVariables(loss.name());
        return sd.calculateGradients(feed, out.name()).get(out.name()).toDoubleMatrix();
    }

    /** Per-pixel Bernoulli negative log-likelihood of {@code x} under logit {@code l}, naively. */
    public static double bernoulliNll(double x, double l) {
        double p = 1.0 / (1.0 + Math.exp(-l));
        return -(x * Math.log(p) + (1.0 - x) * Math.log(1.0 - p));
    }

    /** Per-pixel Gaussian negative log-likelihood of {@code x} with mean {@code mu}, constant included. */
    public static double gaussianNll(double x, double mu, double sigma) {
        double r = x - mu;
        return r * r / (2 * sigma * sigma) + Math.log(sigma) + 0.5 * Math.log(2 * Math.PI);
    }
}
