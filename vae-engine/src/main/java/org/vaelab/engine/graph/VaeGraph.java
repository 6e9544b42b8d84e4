package org.vaelab.engine.graph;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.autodiff.samediff.NameScope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.UserInputException;
import org.vaelab.api.data.ImageShape;
import org.vaelab.api.loss.ForwardPass;
import org.vaelab.api.loss.LossTerm;
import org.vaelab.api.loss.ReconstructionTerm;
import org.vaelab.api.loss.TermOutputs;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.model.GraphInput;
import org.vaelab.api.model.Posterior;
import org.vaelab.api.model.SeededGraphContext;

/**
 * One run's SameDiff graph, built once from the components.
 *
 * <p>Inputs (placeholders): {@code x} the clean batch, {@code input} the corrupted batch (only with a
 * corruption), {@code mask} (only with a corruption that yields one), {@code eps} standard normal noise
 * for the reparameterisation, fed from the run's seeded RNG (in-graph random ops would be unseeded or
 * frozen, see NOTES.md). Outputs: {@code loss/<term>} batch means, {@code loss/<term>/<key>} a term's side
 * objectives and metrics, {@code loss/total} (the only loss
 * variable), and for evaluation {@code eval/negElbo}, {@code eval/recon}, {@code eval/kl} per example and
 * {@code eval/mean}, the mean of p(x|z), and {@code eval/logWeight}, log p(x|z) + log p(z) - log q(z|x) for
 * importance-weighted estimates.
 */
public final class VaeGraph {

    /** Placeholder of the clean batch. */
    public static final String X = "x";
    /** Placeholder of the corrupted batch the encoder sees. */
    public static final String INPUT = "input";
    /** Placeholder of the corruption mask. */
    public static final String MASK = "mask";
    /** Placeholder of the reparameterisation noise. */
    public static final String EPS = "eps";
    /** The objective. */
    public static final String LOSS_TOTAL = "loss/total";
    /** Negative ELBO per example, in nats. */
    public static final String NEG_ELBO = "eval/negElbo";
    /** Reconstruction negative log-likelihood per example. */
    public static final String RECON = "eval/recon";
    /** KL(q||p) per example. */
    public static final String KL = "eval/kl";
    /** log p(x|z) + log p(z) - log q(z|x) per example, at the sampled z. */
    public static final String LOG_WEIGHT = "eval/logWeight";
    /** Mean of p(x|z) for the batch. */
    public static final String MEAN = "eval/mean";
    /** Posterior means. */
    public static final String Q_MEAN = "q/mean";
    /** Posterior log-variances. */
    public static final String Q_LOG_VAR = "q/logVar";

    private final SameDiff sd;
    private final GraphContext context;
    private final ModelComponents components;
    private final ReconstructionTerm likelihood;
    private final List<String> termMetricNames;
    private final List<String> sideMetricNames;
    private final Map<String, Double> termFactors;
    private final boolean hasInput;
    private final boolean hasMask;
    private final long seed;
    private final boolean diagonalGaussian;
    private OptimizerState optimizerState;
    private volatile long progressStep;
    private volatile int progressEpoch;

    private VaeGraph(SameDiff sd, GraphContext context, ModelComponents components, ReconstructionTerm likelihood,
            Map<String, Double> termFactors, List<String> sideMetricNames, boolean hasInput, boolean hasMask, long seed,
            boolean diagonalGaussian) {
        this.sd = sd;
        this.context = context;
        this.components = components;
        this.likelihood = likelihood;
        List<String> names = new ArrayList<>(termFactors.keySet());
        names.addAll(sideMetricNames);
        this.termMetricNames = List.copyOf(names);
        this.sideMetricNames = List.copyOf(sideMetricNames);
        this.termFactors = termFactors;
        this.hasInput = hasInput;
        this.hasMask = hasMask;
        this.seed = seed;
        this.diagonalGaussian = diagonalGaussian;
    }

    /**
     * Builds the graph.
     *
     * @param components the live components
     * @param shape the image shape
     * @param latentDim latent dimensions
     * @param initSeed the seed parameter initial values derive from
     * @return the graph
     */
    public static VaeGraph build(ModelComponents components, ImageShape shape, int latentDim, long initSeed) {
        return build(components, shape, latentDim, initSeed, DataType.FLOAT);
    }

    /**
     * Builds the graph in another floating-point type: DOUBLE gives the engine contract an oracle free of float32
     * rounding (ND4J sums a row in order, in float, so a 4,096-pixel log-likelihood of about 2,800 nats carries
     * rounding errors of about 6e-3 nats).
     *
     * @param type the type of every placeholder and parameter
     */
    @SuppressWarnings("try")        // a NameScope is used only for its scope, as in ND4J's own examples
    public static VaeGraph build(ModelComponents components, ImageShape shape, int latentDim, long initSeed,
            DataType type) {
        ReconstructionTerm likelihood = components.losses().stream().map(ModelComponents.WeightedTerm::term)
                .filter(ReconstructionTerm.class::isInstance).map(ReconstructionTerm.class::cast).findFirst()
                .orElseThrow(() -> new UserInputException("losses: at least one reconstruction term is needed "
                        + "(for example bernoulli-reconstruction or gaussian-reconstruction): it defines p(x|z)"));
        SameDiff sd = SameDiff.create();
        SeededGraphContext g = new SeededGraphContext(sd, type, shape, latentDim, initSeed);
        g.outputsPerPixel(outputsPerPixel(components, likelihood));
        long d = shape.size();
        SDVariable x = sd.placeHolder(X, type, -1, d);
        boolean hasInput = components.corruption() != null;
        boolean hasMask = hasInput && components.corruption().producesMask();
        SDVariable input = hasInput ? sd.placeHolder(INPUT, type, -1, d) : x;
        SDVariable mask = hasMask ? sd.placeHolder(MASK, type, -1, d) : null;
        SDVariable eps = sd.placeHolder(EPS, type, -1, latentDim);

        Posterior q;
        try (NameScope ns = sd.withNameScope("encoder")) {
            q = components.encoder().encode(g, input);
        }
        SDVariable qMean = sd.identity(Q_MEAN, q.mean());
        sd.identity(Q_LOG_VAR, q.logVar());
        // the diagonal Gaussian keeps its historical op names (and so a checkpoint's bits); another family draws its own way
        SDVariable z = q.isDiagonalGaussian() ? qMean.add("z", sd.math.exp(q.logVar().mul(0.5)).mul(eps))
                : sd.identity("z", q.sample(g, eps));
        SDVariable out;
        try (NameScope ns = sd.withNameScope("decoder")) {
            out = components.decoder().decode(g, z);
        }
        g.attachModel(components.encoder(), components.decoder(), likelihood);
        try (NameScope ns = sd.withNameScope("prior")) {
            components.prior().build(g);
        }
        ForwardPass fp = new ForwardPass(x, input, mask, q, z, out, components.prior());

        Map<String, Double> factors = new LinkedHashMap<>();
        List<String> sideNames = new ArrayList<>();
        SDVariable total = null;
        Map<String, Integer> seen = new HashMap<>();
        try (NameScope ns = sd.withNameScope("loss")) {
            List<SDVariable> sideLosses = new ArrayList<>();
            for (ModelComponents.WeightedTerm wt : components.losses()) {
                LossTerm term = wt.term();
                int count = seen.merge(term.name(), 1, Integer::sum);
                String name = count == 1 ? term.name() : term.name() + "_" + count;
                TermOutputs outputs = term.build(g, fp);
                SDVariable mean = outputs.perExample().mean(name, 0);
                outputs.sideLosses().forEach((key, v) -> sideLosses.add(sd.identity(name + "/" + key, v)));
                outputs.metrics().forEach((key, v) -> sideNames.add(sd.identity(name + "/" + key, v).name()));
                double factor = wt.weight() * term.coefficient();
                factors.put(mean.name(), factor);
                SDVariable weighted = mean.mul(factor);
                java.util.Optional<SDVariable> scheduled = term.scheduledCoefficient(g);
                if (scheduled.isPresent()) {            // a schedule weighs the raw value in the graph
                    weighted = weighted.mul(scheduled.get());
                }
                total = total == null ? weighted : total.add(weighted);
            }
            for (SDVariable side : sideLosses) {            // unweighted: a side objective trains its own parameters
                total = total.add(side);
                sideNames.add(side.name());
            }
            sd.identity("total", total);
        }
        sd.setLossVariables(LOSS_TOTAL);

        try (NameScope ns = sd.withNameScope("eval")) {
            SDVariable recon = sd.identity("recon", likelihood.negLogLikelihood(g, x, out));
            SDVariable logPz = sd.identity("logPz", components.prior().logProb(g, z));
            SDVariable logQz = sd.identity("logQz", q.logDensity(g, z));
            Optional<SDVariable> analytic = q.isDiagonalGaussian() ? components.prior().analyticKl(g, q) : Optional.empty();
            SDVariable kl = sd.identity("kl", analytic.orElseGet(() -> logQz.sub(logPz)));
            recon.add("negElbo", kl);
            // log of the importance weight p(x|z) p(z) / q(z|x), for the IWAE bound
            logPz.sub(logQz).sub("logWeight", recon);
            sd.identity("mean", likelihood.mean(g, out));
        }
        return new VaeGraph(sd, g, components, likelihood, java.util.Collections.unmodifiableMap(factors), sideNames,
                hasInput, hasMask, initSeed, q.isDiagonalGaussian());
    }

    /**
     * @return the values per pixel the model's likelihood reads, checked against the decoder and the other
     *     reconstruction terms (which read the decoder output too)
     */
    private static int outputsPerPixel(ModelComponents components, ReconstructionTerm likelihood) {
        int n = likelihood.outputsPerPixel();
        if (n == 1) {
            return 1;
        }
        List<ModelComponents.WeightedTerm> losses = components.losses();
        int at = 0;
        while (losses.get(at).term() != likelihood) {
            at++;
        }
        if (!components.decoder().supportsOutputsPerPixel()) {
            throw new UserInputException("model.decoder: " + components.decoder().getClass().getSimpleName()
                    + " emits one value per pixel, but losses[" + at + "] reads " + n + " (use the mlp or conv decoder)");
        }
        for (int i = 0; i < losses.size(); i++) {
            if (losses.get(i).term() instanceof ReconstructionTerm r && r.outputsPerPixel() != n) {
                throw new UserInputException("losses[" + i + "]: reads " + r.outputsPerPixel() + " value(s) per pixel"
                        + " of the decoder output, but losses[" + at + "], the model's likelihood, makes it emit " + n);
            }
        }
        return n;
    }

    /**
     * Differentiates the graph once, silencing SameDiff's line-per-op printout on standard output
     * (which would garble machine-readable output).
     */
    public void prepareGradients() {
        differentiate(sd);
    }

    /**
     * Creates a graph's gradient function ("grad"), silencing SameDiff's line-per-op printout on standard output.
     *
     * @param graph any SameDiff graph with its loss variables set
     */
    public static void differentiate(SameDiff graph) {
        PrintStream original = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            graph.createGradFunction();
        } finally {
            System.setOut(original);
        }
    }

    /** @return the SameDiff graph */
    public SameDiff sd() {
        return sd;
    }

    /** @return the context components were built with (for prior sampling) */
    public GraphContext context() {
        return context;
    }

    /** @return the components */
    public ModelComponents components() {
        return components;
    }

    /**
     * @return the metric names of the loss terms ({@code loss/recon}, {@code loss/kl}, ...), in config order, then
     *     those of the terms' side objectives and metrics ({@link #sideMetricNames()})
     */
    public List<String> termMetricNames() {
        return termMetricNames;
    }

    /** @return the terms' side objectives and metrics ({@code loss/<term>/<key>}, scalars), metrics first */
    public List<String> sideMetricNames() {
        return sideMetricNames;
    }

    /**
     * @return each term's metric name with its fixed factor in the objective (config weight x term coefficient;
     *     a scheduled coefficient multiplies it in the graph on top)
     */
    public Map<String, Double> termFactors() {
        return termFactors;
    }

    /** @return whether the graph has an {@code input} placeholder (a corruption is configured) */
    public boolean hasInput() {
        return hasInput;
    }

    /** @return whether the graph has a {@code mask} placeholder */
    public boolean hasMask() {
        return hasMask;
    }

    /** @return placeholder names fed for each training batch, in feed order */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>(List.of(X));
        if (hasInput) {
            names.add(INPUT);
        }
        if (hasMask) {
            names.add(MASK);
        }
        names.add(EPS);
        for (GraphInput in : inputs()) {
            names.add(in.name());
        }
        return names;
    }

    /**
     * @return the placeholders components asked for (noise, training step, epoch), fed after {@link #EPS}
     *     in this order
     */
    public List<GraphInput> inputs() {
        return context.inputs();
    }

    /** @return whether the encoder's posterior is the diagonal Gaussian (else its family draws z) */
    public boolean posteriorIsDiagonalGaussian() {
        return diagonalGaussian;
    }

    /** @return the seed parameters derive from (and evaluation noise for component inputs) */
    public long seed() {
        return seed;
    }

    /**
     * Sets where training stands, which evaluation feeds to components that ask for the training step or
     * the epoch: the values the next training step would see.
     *
     * @param steps optimiser steps taken
     * @param epochsDone epochs completed
     */
    public void trainingProgress(long steps, int epochsDone) {
        progressStep = steps;
        progressEpoch = epochsDone;
    }

    /** @return the optimiser steps taken, as last set by {@link #trainingProgress} */
    public long progressStep() {
        return progressStep;
    }

    /** @return the epochs completed, as last set by {@link #trainingProgress} */
    public int progressEpoch() {
        return progressEpoch;
    }

    /**
     * @param batch a batch whose features are in {@link #featureNames()} order (as {@code BatchIterator} makes them)
     * @return the placeholder feeds by name
     */
    public Map<String, INDArray> feeds(org.nd4j.linalg.dataset.api.MultiDataSet batch) {
        List<String> names = featureNames();
        Map<String, INDArray> feeds = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            feeds.put(names.get(i), batch.getFeatures(i));
        }
        return feeds;
    }

    /** @return the trainable parameters by name, in graph order */
    public Map<String, INDArray> parameters() {
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                params.put(v.name(), v.getArr());
            }
        }
        return params;
    }

    /**
     * The optimiser's state for every trainable parameter, made fresh on first use (the training config must be
     * set by then); a checkpoint restores its values.
     *
     * @return the state every engine updates through
     */
    public synchronized OptimizerState optimizerState() {
        if (optimizerState == null) {
            optimizerState = OptimizerState.fresh(sd, parameters().keySet(), context.parameterOptimizers());
        }
        return optimizerState;
    }

    /** @return the number of trainable values */
    public long parameterCount() {
        return parameters().values().stream().mapToLong(INDArray::length).sum();
    }

    /**
     * Builds a decoder-only graph with input placeholder {@code z} and output {@code mean}, sharing
     * (copying) the trained decoder parameters: for prior samples and latent traversals.
     *
     * @return the generator graph
     */
    @SuppressWarnings("try")
    public SameDiff generator() {
        SameDiff gen = SameDiff.create();
        SeededGraphContext g = new SeededGraphContext(gen, context.dataType(), context.imageShape(), context.latentDim(), seed);
        g.outputsPerPixel(context.outputsPerPixel());
        SDVariable z = gen.placeHolder("z", context.dataType(), -1, context.latentDim());
        SDVariable out;
        try (NameScope ns = gen.withNameScope("decoder")) {
            out = components.decoder().decode(g, z);
        }
        SDVariable mean;
        try (NameScope ns = gen.withNameScope("loss")) {
            // where the training graph made the likelihood's own parameters (a learned scale): same names here
            mean = likelihood.mean(g, out);
        }
        gen.identity("mean", mean);
        for (SDVariable v : gen.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                INDArray trained = sd.getArrForVarName(v.name());
                if (trained == null) {
                    throw new IllegalStateException("decoder built a parameter '" + v.name()
                            + "' in the generator that the training graph does not have");
                }
                v.setArray(trained.dup());
            }
        }
        return gen;
    }
}
