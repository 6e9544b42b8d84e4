package org.vaelab.experiments.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vaelab.experiments.compiled.CompiledGraph;
import org.vaelab.experiments.compiled.UnsupportedOpException;
import org.vaelab.experiments.dense.ParameterUpdates;
import org.vaelab.experiments.dense.SpinTeam;
import org.vaelab.experiments.graph.VaeGraph;
import org.vaelab.experiments.train.BatchIterator;
import org.vaelab.experiments.train.Evaluator;
import org.vaelab.experiments.train.StepListener;

/**
 * The compiled engine: the graph's own ops, forward and SameDiff's generated backward, run as fixed
 * programs ({@link CompiledGraph}) on {@code threads} threads, with the optimiser applied by
 * {@link ParameterUpdates}. Any component's graph runs here with no second description; an op that only
 * SameDiff's session can run (control flow) is reported by {@link #compile} and the run falls back.
 */
public final class CompiledEngine implements Engine {

    /** Rows per log-weight call: a few thousand rows of an image-sized graph's intermediates (tens of MB). */
    private static final int ROWS_PER_PASS = 2048;

    private final VaeGraph graph;
    private final int threads;
    private final SpinTeam team;
    private final List<String> parameters = new ArrayList<>();
    private final List<String> gradientNames = new ArrayList<>();
    private final CompiledGraph training;
    private final CompiledGraph evaluation;
    private final CompiledGraph logWeights;
    private List<INDArray> bound;                 // the parameter arrays the programs were built over
    private ParameterUpdates updates;             // between an epoch's first step and its end

    private CompiledEngine(VaeGraph graph, int threads) {
        this.graph = graph;
        this.threads = threads;
        this.team = new SpinTeam(threads);
        SameDiff sd = graph.sd();
        graph.prepareGradients();
        SameDiff gradients = sd.getFunction("grad");
        List<String> trainingOutputs = new ArrayList<>(graph.termMetricNames());
        trainingOutputs.add(VaeGraph.LOSS_TOTAL);
        for (String p : graph.parameters().keySet()) {
            SDVariable g = sd.getVariable(p).getGradient();
            if (g != null) {                  // a parameter the loss does not depend on gets no update, as in SameDiff
                parameters.add(p);
                gradientNames.add(g.name());
            }
        }
        trainingOutputs.addAll(gradientNames);
        try {
            this.training = CompiledGraph.compile(gradients, sd, trainingOutputs, team);
            this.evaluation = CompiledGraph.compile(sd, sd, GraphOutputs.evaluationOutputs(graph), team);
            this.logWeights = CompiledGraph.compile(sd, sd, List.of(VaeGraph.LOG_WEIGHT), team);
        } catch (RuntimeException e) {
            team.close();
            throw e;
        }
    }

    /**
     * @param graph the model
     * @param threads threads per step
     * @return the engine
     * @throws UnsupportedOpException when the graph has an op only SameDiff's session runs
     */
    public static CompiledEngine compile(VaeGraph graph, int threads) {
        return new CompiledEngine(graph, threads);
    }

    @Override
    public String name() {
        return "compiled";
    }

    @Override
    public String description() {
        return "compiled (" + threads + " thread" + (threads == 1 ? "" : "s") + ", " + training.opCount()
                + " ops per training step)";
    }

    @Override
    public VaeGraph graph() {
        return graph;
    }

    /** @return the ops per training step by type, with {@code (nd4j)} where ND4J's kernel runs rather than the engine's */
    public Map<String, Integer> kernelCoverage() {
        return training.kernelCoverage();
    }

    /**
     * Runs every op as ND4J's own op ({@code false}) or lets the engine's kernels take the ones they cover
     * (the default): for checking the kernels against ND4J.
     *
     * @param enabled whether kernels are used
     */
    void useKernels(boolean enabled) {
        training.useKernels(enabled);
        evaluation.useKernels(enabled);
        logWeights.useKernels(enabled);
    }

    @Override
    public void prepare() {
        rebindIfReplaced();
    }

    @Override
    public void trainEpoch(BatchIterator batches, StepListener.StepCallback onStep) {
        rebindIfReplaced();
        updates = ParameterUpdates.bind(graph.sd(), parameters);
        List<String> names = graph.featureNames();
        try {
            while (batches.hasNext()) {
                MultiDataSet batch = batches.next();
                Map<String, INDArray> feeds = new HashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    feeds.put(names.get(i), batch.getFeatures(i));
                }
                onStep.step(batch.getFeatures(0).size(0), trainStep(feeds));
            }
        } finally {
            updates.store();
            updates = null;
            graph.sd().getTrainingConfig().incrementEpochCount();
        }
    }

    /**
     * One optimisation step (within {@link #trainEpoch}, or alone for tests).
     *
     * @param feeds the placeholders
     * @return each term's batch mean, then {@code loss/total}
     */
    Map<String, Double> trainStep(Map<String, INDArray> feeds) {
        boolean alone = updates == null;
        if (alone) {
            updates = ParameterUpdates.bind(graph.sd(), parameters);
        }
        Map<String, INDArray> out = training.run(feeds);
        Map<String, Double> values = new LinkedHashMap<>();
        for (String name : graph.termMetricNames()) {
            values.put(name, out.get(name).getDouble(0));
        }
        values.put(VaeGraph.LOSS_TOTAL, out.get(VaeGraph.LOSS_TOTAL).getDouble(0));
        List<INDArray> grads = new ArrayList<>(gradientNames.size());
        List<ByteBuffer> bytes = new ArrayList<>(gradientNames.size());
        for (String g : gradientNames) {
            INDArray a = out.get(g);
            grads.add(a);
            bytes.add(CompiledGraph.nativeBytes(a));
        }
        ParameterUpdates u = updates;
        Throwable failure = team.run(member -> u.apply(grads, bytes, member, team.size()));
        if (failure != null) {
            throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
        }
        u.endStep();
        if (alone) {
            updates.store();
            updates = null;
        }
        return values;
    }

    /**
     * The gradient of {@code loss/total} for a batch, without any update (for tests against SameDiff's).
     *
     * @param feeds the placeholders
     * @return parameter name to gradient (copies)
     */
    Map<String, INDArray> gradients(Map<String, INDArray> feeds) {
        rebindIfReplaced();
        Map<String, INDArray> out = training.run(feeds);
        Map<String, INDArray> result = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            result.put(parameters.get(i), out.get(gradientNames.get(i)).dup());
        }
        return result;
    }

    @Override
    public BatchValues evaluate(INDArray x, INDArray eps) {
        rebindIfReplaced();
        return GraphOutputs.values(graph, evaluation.run(Evaluator.feeds(graph, x, eps)));
    }

    /** Images at a time such that a call's arrays stay within a bounded size (IWAE asks for thousands of rows). */
    @Override
    public double[][] logWeights(INDArray x, INDArray eps, int samples) {
        rebindIfReplaced();
        int n = (int) x.size(0);
        int images = (int) Math.max(1, Math.min(n, ROWS_PER_PASS / samples));
        double[][] w = new double[n][];
        for (int start = 0; start < n; start += images) {
            int end = Math.min(n, start + images);
            INDArray xs = x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
            INDArray es = eps.get(NDArrayIndex.interval((long) start * samples, (long) end * samples), NDArrayIndex.all());
            INDArray out = logWeights.run(GraphOutputs.repeatedFeeds(graph, xs, es, samples)).get(VaeGraph.LOG_WEIGHT);
            double[][] part = GraphOutputs.logWeights(out, end - start, samples);
            System.arraycopy(part, 0, w, start, end - start);
        }
        return w;
    }

    /** Programs hold the parameter arrays they were built over; a restored checkpoint replaces them. */
    private void rebindIfReplaced() {
        List<INDArray> current = new ArrayList<>(graph.parameters().values());
        if (bound != null && bound.size() == current.size()) {
            boolean same = true;
            for (int i = 0; i < current.size(); i++) {
                same &= bound.get(i) == current.get(i);
            }
            if (same) {
                return;
            }
        }
        training.clear();
        evaluation.clear();
        logWeights.clear();
        bound = current;
    }

    @Override
    public void close() {
        training.clear();
        evaluation.clear();
        logWeights.clear();
        team.close();
    }
}
