package org.vaelab.losses.factor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.learning.config.Adam;
import org.vaelab.api.loss.ForwardPass;
import org.vaelab.api.loss.LossSpec;
import org.vaelab.api.loss.LossTerm;
import org.vaelab.api.loss.TermOutputs;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.model.Initializer;
import org.vaelab.api.ops.VaeOps;

/**
 * FactorVAE's total-correlation penalty (H. Kim and A. Mnih, <i>Disentangling by Factorising</i>, ICML 2018,
 * section 3 and Algorithm 1), with the discriminator it needs, in one graph. The discriminator D, an MLP with
 * leaky-ReLU (slope 0.2) hidden layers and one output, the log-odds that a code came from q(z) rather than from
 * the product of its marginals, is trained to tell the batch's codes z from the same codes with each dimension
 * permuted independently across the batch (samples of prod_k q(z_k)). Then
 * <pre>
 *   value (per example)   TC_i = D(z_i)                          with D's parameters behind a stop-gradient
 *   side objective         0.5 mean softplus(-D(sg z)) + 0.5 mean softplus(D(perm(sg z)))   (cross-entropy)
 * </pre>
 * so the summed objective gives each parameter set exactly its own gradient: the VAE's terms and gamma * TC
 * reach the encoder but not D, and D's cross-entropy reaches D but not the encoder. With per-parameter Adam this is
 * the paper's two optimisers; D's parameters get their own Adam settings ({@link GraphContext#parameterOptimizer},
 * the paper's lr 1e-4, beta1 0.5, beta2 0.9 by default). The objective is reconstruction + KL (a {@code beta-kl}
 * beside it) + gamma * TC: the term's coefficient is gamma, the logged {@code loss/tc} the raw estimate;
 * {@code loss/tc/discriminator} is D's loss and {@code loss/tc/accuracy} its accuracy on both halves.
 *
 * <p>The permutation is drawn in the graph from seeded uniform keys, one per example and dimension
 * ({@link GraphContext#uniform}): each dimension's rows are reordered by the ranks of its keys (ties broken by
 * row), as a one-hot matrix from comparisons, O(batch^2) per dimension. Unlike the paper, which permutes a second
 * batch's codes, this permutes the same batch's.
 *
 * @param spec the validated spec
 */
public record FactorTc(Spec spec) implements LossTerm {

    /** Kim and Mnih's leaky-ReLU slope in the discriminator. */
    static final double LEAKY_SLOPE = 0.2;
    /** The name of the permutation's uniform keys. */
    static final String KEYS = "factor-tc/permutation";

    /**
     * Config of {@link FactorTc}: {@code {"type": "factor-tc", "gamma": 40}}.
     *
     * @param weight multiplier of the TC term; default 1
     * @param gamma the TC's coefficient; default 10
     * @param hiddenLayers the discriminator's hidden layers; default 6
     * @param hiddenUnits units per hidden layer; default 1000
     * @param discriminatorLearningRate Adam's step size for the discriminator; default 1e-4
     * @param discriminatorBeta1 its Adam beta1; default 0.5
     * @param discriminatorBeta2 its Adam beta2; default 0.9
     */
    public record Spec(
            @JsonPropertyDescription("Multiplier of the TC term in the training objective (loss/total), on top of gamma;"
                    + " the discriminator's own loss is added unweighted. Default 1.0.")
            @PositiveOrZero double weight,
            @JsonPropertyDescription("gamma: the TC estimate enters the objective as gamma * TC. Default 10.")
            @PositiveOrZero double gamma,
            @JsonPropertyDescription("Hidden layers of the discriminator (leaky ReLU, slope 0.2). Default 6, as in"
                    + " Kim and Mnih 2018.")
            @PositiveOrZero int hiddenLayers,
            @JsonPropertyDescription("Units per hidden layer of the discriminator. Default 1000, as in Kim and Mnih"
                    + " 2018; smaller trains faster on a CPU.")
            @Positive int hiddenUnits,
            @JsonPropertyDescription("Adam learning rate of the discriminator's parameters (the model's follow"
                    + " training.optimizer). Default 1e-4.")
            @Positive double discriminatorLearningRate,
            @JsonPropertyDescription("Adam beta1 of the discriminator's parameters. Default 0.5.")
            @PositiveOrZero @DecimalMax(value = "1", inclusive = false, message = "must be less than 1") double discriminatorBeta1,
            @JsonPropertyDescription("Adam beta2 of the discriminator's parameters. Default 0.9.")
            @PositiveOrZero @DecimalMax(value = "1", inclusive = false, message = "must be less than 1") double discriminatorBeta2) implements LossSpec {

        /** The config type name. */
        public static final String TYPE = "factor-tc";

        /**
         * Binds JSON and fills in defaults.
         *
         * @param weight the weight or null
         * @param gamma gamma or null
         * @param hiddenLayers hidden layers or null
         * @param hiddenUnits units or null
         * @param discriminatorLearningRate learning rate or null
         * @param discriminatorBeta1 beta1 or null
         * @param discriminatorBeta2 beta2 or null
         */
        @JsonCreator
        public Spec(@JsonProperty("weight") Double weight, @JsonProperty("gamma") Double gamma,
                @JsonProperty("hiddenLayers") Integer hiddenLayers, @JsonProperty("hiddenUnits") Integer hiddenUnits,
                @JsonProperty("discriminatorLearningRate") Double discriminatorLearningRate,
                @JsonProperty("discriminatorBeta1") Double discriminatorBeta1,
                @JsonProperty("discriminatorBeta2") Double discriminatorBeta2) {
            this(weight == null ? 1.0 : weight, gamma == null ? 10.0 : gamma, hiddenLayers == null ? 6 : hiddenLayers,
                    hiddenUnits == null ? 1000 : hiddenUnits,
                    discriminatorLearningRate == null ? 1e-4 : discriminatorLearningRate,
                    discriminatorBeta1 == null ? 0.5 : discriminatorBeta1, discriminatorBeta2 == null ? 0.9 : discriminatorBeta2);
        }
    }

    /** @param spec the validated spec */
    public FactorTc {
        Objects.requireNonNull(spec, "spec");
    }

    /** @return {@code "tc"} */
    @Override
    public String name() {
        return "tc";
    }

    /** @return gamma */
    @Override
    public double coefficient() {
        return spec.gamma();
    }

    @Override
    public SDVariable perExample(GraphContext g, ForwardPass fp) {
        return build(g, fp).perExample();
    }

    @Override
    public TermOutputs build(GraphContext g, ForwardPass fp) {
        SameDiff sd = g.sd();
        List<SDVariable[]> layers = discriminator(g);
        List<SDVariable[]> frozen = new ArrayList<>();
        for (SDVariable[] wb : layers) {
            frozen.add(new SDVariable[] {VaeOps.stopGradient(sd, wb[0]), VaeOps.stopGradient(sd, wb[1])});
        }
        SDVariable tc = logOdds(sd, frozen, fp.z());                       // gradient to the encoder only
        SDVariable codes = VaeOps.stopGradient(sd, fp.z());                  // gradient to D only
        SDVariable real = logOdds(sd, layers, codes);
        SDVariable permuted = logOdds(sd, layers, permuteDimensions(sd, codes, g.uniform(KEYS, g.latentDim()),
                g.latentDim()));
        SDVariable loss = VaeOps.softplus(sd, real.neg()).mean().add(VaeOps.softplus(sd, permuted).mean()).mul(0.5);
        SDVariable accuracy = positive(sd, real).mean().add(positive(sd, permuted.neg()).mean()).mul(0.5);
        return new TermOutputs(tc, Map.of("discriminator", loss), Map.of("accuracy", accuracy));
    }

    /** D's (weight, bias) pairs, input side first, each on its own Adam settings. */
    private List<SDVariable[]> discriminator(GraphContext g) {
        Adam adam = new Adam(spec.discriminatorLearningRate(), spec.discriminatorBeta1(), spec.discriminatorBeta2(),
                Adam.DEFAULT_ADAM_EPSILON);
        List<SDVariable[]> layers = new ArrayList<>();
        long in = g.latentDim();
        for (int i = 0; i <= spec.hiddenLayers(); i++) {
            long out = i == spec.hiddenLayers() ? 1 : spec.hiddenUnits();
            Initializer init = Initializer.fanInUniform(in);
            String name = "factor-tc/discriminator/" + (i == spec.hiddenLayers() ? "out" : "fc" + (i + 1));
            SDVariable w = g.parameter(name + "/w", init, in, out);
            SDVariable b = g.parameter(name + "/b", init, out);
            g.parameterOptimizer(w, adam);
            g.parameterOptimizer(b, adam);
            layers.add(new SDVariable[] {w, b});
            in = out;
        }
        return layers;
    }

    /** @return D's log-odds, {@code [n]} */
    private static SDVariable logOdds(SameDiff sd, List<SDVariable[]> layers, SDVariable z) {
        SDVariable h = z;
        for (int i = 0; i < layers.size(); i++) {
            h = sd.nn.linear(h, layers.get(i)[0], layers.get(i)[1]);
            if (i < layers.size() - 1) {
                h = sd.nn.leakyRelu(h, LEAKY_SLOPE);
            }
        }
        return h.reshape(-1);
    }

    /** @return 1 where x > 0, else 0 (float ops only) */
    private static SDVariable positive(SameDiff sd, SDVariable x) {
        return sd.nn.relu(sd.math.sign(x), 0.0);
    }

    /**
     * Each column of {@code z} reordered across the rows by the ranks of its keys: row i of column k takes the row
     * whose key ranks i-th in column k (ties broken by row index), as a one-hot matrix times the column.
     *
     * @param sd the graph
     * @param z values, {@code [n, d]}
     * @param keys uniform keys, {@code [n, d]}
     * @param d the columns
     * @return {@code [n, d]}, each column a permutation of z's
     */
    static SDVariable permuteDimensions(SameDiff sd, SDVariable z, SDVariable keys, long d) {
        SDVariable row = sd.cumsum(keys.mul(0.0).add(1.0), true, false, 0);          // row index, every column
        SDVariable keyI = keys.reshape(-1, 1, d);
        SDVariable keyJ = keys.reshape(1, -1, d);
        SDVariable below = positive(sd, keyI.sub(keyJ));                             // [i, j, k]: key_j < key_i
        SDVariable tie = sd.math.abs(sd.math.sign(keyI.sub(keyJ))).rsub(1.0);
        SDVariable before = positive(sd, row.reshape(-1, 1, d).sub(row.reshape(1, -1, d)));   // j < i
        SDVariable rank = below.add(tie.mul(before)).sum(1);                          // [n, d], 0..n-1, distinct
        // oneHot[i, j, k] = 1 where rank[j, k] == i
        SDVariable oneHot = sd.math.abs(sd.math.sign(row.reshape(-1, 1, d).sub(rank.reshape(1, -1, d)))).rsub(1.0);
        return oneHot.mul(z.reshape(1, -1, d)).sum(1);
    }
}
