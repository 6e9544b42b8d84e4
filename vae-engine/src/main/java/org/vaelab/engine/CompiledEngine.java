package org.vaelab.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vaelab.api.metric.Encoding;
import org.vaelab.engine.batch.BatchIterator;
import org.vaelab.engine.batch.Evaluator;
import org.vaelab.engine.batch.Prefetch;
import org.vaelab.engine.compiled.CompiledGraph;
import org.vaelab.engine.compiled.UnsupportedOpException;
import org.vaelab.engine.optimizer.ParameterUpdates;
import org.vaelab.engine.threads.SpinTeam;
import org.vaelab.engine.graph.VaeGraph;

/**
 * The compiled engine: the graph's own ops, forward and SameDiff's generated backward, run as fixed
 * programs ({@link CompiledGraph}) on {@code threads} threads, with the optimiser applied by
 * {@link ParameterUpdates}. Any component's graph runs here with no second description; an op that only
 * SameDiff's session can run (control flow) is reported by {@link #compile} and the run falls back.
 */
public final class CompiledEngine implements Engine {

    /**
     * Rows per evaluation or log-weight call: the program holds every intermediate of that many rows (for the
     * conv VAE about 0.7 MB a row), and larger passes measured no faster.
     */
    private static final int ROWS_PER_PASS = 256;

    /**
     * Bytes of program arrays an evaluation pass may hold. A model whose rows are small evaluates in larger passes:
     * the MLP VAE's 256-row passes (16 kB a row) spent a sixth of their time on each pass's fixed cost, and at 1,000
     * rows evaluated as fast as the hand-written engine it replaced.
     */
    private static final long EVALUATION_PASS_BYTES = 32L << 20;
    private static final long MAX_EVALUATION_PASS = 4096;
    private long evaluationPass;                  // rows per evaluation pass: worked out once, from the graph alone

    private final VaeGraph graph;
    private final int threads;
    private final SpinTeam team;
    private final List<String> parameters = new ArrayList<>();
    private final List<String> gradientNames = new ArrayList<>();
    private CompiledGraph training;               // built on first use by an engine made for inference
    private final CompiledGraph evaluation;
    private CompiledGraph logWeights;             // built on first use
    private CompiledGraph encoding;               // built on first use (a trained model's commands)
    private CompiledGraph decoding;               // over a decoder-only graph reading this graph's parameters
    private List<INDArray> bound;                 // the parameter arrays the programs were built over
    private ParameterUpdates updates;             // between an epoch's first step and its end

    private CompiledEngine(VaeGraph graph, int threads, boolean forTraining) {
        this.graph = graph;
        this.threads = threads;
        this.team = new SpinTeam(threads);
        SameDiff sd = graph.sd();
        try {
            this.evaluation = CompiledGraph.compile(sd, sd, GraphOutputs.evaluationOutputs(graph), team);
            if (forTraining) {
                training();
            } else {
                // the forward ops (encoder, prior, decoder, terms) tried on two rows of zeros: an op only SameDiff's
                // session runs is found now, and the model falls back, rather than at the first image
                evaluation.run(Evaluator.feeds(graph, Nd4j.zeros(graph.context().dataType(), 2, graph.context().inputDim()),
                        Nd4j.zeros(graph.context().dataType(), 2, graph.context().latentDim())));
                evaluation.clear();
            }
        } catch (RuntimeException e) {
            team.close();
            throw e;
        }
    }

    /**
     * @return the training program (forward, backward and every gradient), differentiated and compiled on first
     *     use and tried on two rows of zeros, so an op that only SameDiff's session can run is found before the
     *     first step
     */
    private CompiledGraph training() {
        if (training != null) {
            return training;
        }
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
        CompiledGraph program = CompiledGraph.compile(gradients, sd, trainingOutputs, team);
        program.run(zeros(graph, 2));
        program.clear();
        training = program;
        return program;
    }

    /** @return all-zero values of every training placeholder, {@code rows} rows each */
    private static Map<String, INDArray> zeros(VaeGraph graph, int rows) {
        Map<String, INDArray> feeds = new HashMap<>();
        feeds.putAll(org.vaelab.engine.batch.ComponentInputs.zeros(graph.inputs(), rows));
        for (String name : graph.featureNames()) {
            if (feeds.containsKey(name)) {
                continue;
            }
            long cols = name.equals(VaeGraph.EPS) ? graph.context().latentDim() : graph.context().inputDim();
            feeds.put(name, Nd4j.zeros(graph.context().dataType(), rows, cols));
        }
        return feeds;
    }

    /**
     * @param graph the model
     * @param threads threads per step
     * @return the engine
     * @throws UnsupportedOpException when the graph has an op only SameDiff's session runs
     */
    public static CompiledEngine compile(VaeGraph graph, int threads) {
        return new CompiledEngine(graph, threads, true);
    }

    /**
     * An engine for a trained model's commands (sample, encode, reconstruct, evaluate): its forward program is
     * compiled now, and the training program, which needs the backward graph, only if it trains.
     *
     * @param graph the model
     * @param threads threads per pass
     * @return the engine
     * @throws UnsupportedOpException when the forward graph has an op only SameDiff's session runs
     */
    public static CompiledEngine forInference(VaeGraph graph, int threads) {
        return new CompiledEngine(graph, threads, false);
    }

    @Override
    public String name() {
        return "compiled";
    }

    @Override
    public String description() {
        return "compiled (" + threads + " thread" + (threads == 1 ? "" : "s") + ", " + training().opCount()
                + " ops per training step)";
    }

    @Override
    public VaeGraph graph() {
        return graph;
    }

    /** @return the ops per training step by type, with {@code (nd4j)} where ND4J's kernel runs rather than the engine's */
    public Map<String, Integer> kernelCoverage() {
        return training().kernelCoverage();
    }

    /**
     * Runs every op as ND4J's own op ({@code false}) or lets the engine's kernels take the ones they cover
     * (the default): for checking the kernels against ND4J.
     *
     * @param enabled whether kernels are used
     */
    void useKernels(boolean enabled) {
        training().useKernels(enabled);
        evaluation.useKernels(enabled);
        logWeights().useKernels(enabled);
    }

    /**
     * Times each op of a training step (forward, backward; not the optimiser), by op type.
     *
     * @param batch a training batch, features in {@link VaeGraph#featureNames()} order
     * @param repeats steps to time
     * @return microseconds per step by op type, largest first; {@code (nd4j)} marks ND4J's own kernels
     */
    public Map<String, Double> profile(MultiDataSet batch, int repeats) {
        rebindIfReplaced();
        return training().profile(graph.feeds(batch), repeats);
    }

    /**
     * Times each op of one evaluation pass over {@code x}, by op type.
     *
     * @param x images, one row each (at most one pass's rows)
     * @param eps noise for them
     * @param repeats passes to time
     * @return microseconds per pass by op type, largest first; {@code (nd4j)} marks ND4J's own kernels
     */
    public Map<String, Double> profileEvaluation(INDArray x, INDArray eps, int repeats) {
        rebindIfReplaced();
        clearAllBut(evaluation);
        return evaluation.profile(Evaluator.feeds(graph, x, eps), repeats);
    }

    @Override
    public void prepare() {
        rebindIfReplaced();
    }

    @Override
    public void trainEpoch(BatchIterator batches, StepCallback onStep) {
        rebindIfReplaced();
        clearAllBut(training());            // other programs keep their memory only while small
        updates = ParameterUpdates.bind(graph, parameters);
        try {
            if (batches.imagesAndNoiseOnly()) {
                trainOnImagesAndNoise(batches, onStep);
            } else {
                try (Prefetch prefetch = new Prefetch(batches)) {       // the next batch is drawn during this step
                    while (prefetch.hasNext()) {
                        MultiDataSet batch = prefetch.next();
                        onStep.step(batch.getFeatures(0).size(0), trainStep(graph.feeds(batch)));
                        release(batch);
                    }
                }
            }
        } finally {
            updates.store();
            updates = null;
            graph.sd().getTrainingConfig().incrementEpochCount();
        }
    }

    /**
     * Batches of images and noise alone, drawn inline into two arrays reused all epoch. Why not {@link Prefetch}:
     * on 2 cores its thread gets no core while the engine's team spins, so a Fashion-MNIST MLP step still waited
     * 0.6 ms for its batch; drawn here, with no ND4J allocation, a batch costs 0.33 ms (measured, steps of about
     * 15 ms). Batches with a corruption are still drawn ahead: corrupting costs far more.
     */
    private void trainOnImagesAndNoise(BatchIterator batches, StepCallback onStep) {
        int size = batches.batchSize();
        int d = Math.toIntExact(graph.context().inputDim());
        int latent = graph.context().latentDim();
        float[] x = new float[size * d];
        float[] eps = new float[size * latent];
        Map<Integer, Map<String, INDArray>> feedsByRows = new HashMap<>();     // a full batch, the last one
        try {
            while (batches.hasNext()) {
                int rows = batches.nextInto(x, eps);
                Map<String, INDArray> feeds = feedsByRows.computeIfAbsent(rows, r -> Map.of(
                        VaeGraph.X, Nd4j.createUninitialized(DataType.FLOAT, r, d),
                        VaeGraph.EPS, Nd4j.createUninitialized(DataType.FLOAT, r, latent)));
                feeds.get(VaeGraph.X).data().asNioFloat().put(x, 0, rows * d);
                feeds.get(VaeGraph.EPS).data().asNioFloat().put(eps, 0, rows * latent);
                onStep.step(rows, trainStep(feeds));
            }
        } finally {
            feedsByRows.values().forEach(f -> f.values().forEach(INDArray::close));
        }
    }

    /**
     * Frees a batch's arrays now: they were copied into the program, and waiting for the garbage collector
     * (which a small Java heap rarely runs) let their native memory pile up (1.7 GB peak at batch 512).
     */
    private static void release(MultiDataSet batch) {
        java.util.Set<INDArray> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (INDArray a : batch.getFeatures()) {
            if (a != null && seen.add(a) && !a.isView() && a.closeable()) {
                a.close();
            }
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
            updates = ParameterUpdates.bind(graph, parameters);
        }
        Map<String, INDArray> out = training().run(feeds);
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
        team.runAll(member -> u.apply(grads, bytes, member, team.size()));
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
        Map<String, INDArray> out = training().run(feeds);
        Map<String, INDArray> result = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            result.put(parameters.get(i), out.get(gradientNames.get(i)).dup());
        }
        return result;
    }

    /**
     * The most rows an evaluation pass takes: as many as fit {@link #EVALUATION_PASS_BYTES} of the program's arrays,
     * at least {@link #ROWS_PER_PASS}. The bytes per row are those of the program bound at {@link #ROWS_PER_PASS}
     * rows of zeros, so the answer depends on the model, the threads and whether chains are fused, never on what
     * ran before (a resumed run evaluates in the same passes, and gets the same sums, as an uninterrupted one).
     */
    private long evaluationPass() {
        if (evaluationPass == 0) {
            evaluation.clear();                           // its bound bytes are then this pass's alone
            evaluation.run(Evaluator.feeds(graph, Nd4j.zeros(graph.context().dataType(), ROWS_PER_PASS,
                    graph.context().inputDim()), Nd4j.zeros(graph.context().dataType(), ROWS_PER_PASS, graph.context().latentDim())));
            long perRow = Math.max(1, evaluation.boundBytes() / ROWS_PER_PASS);
            evaluationPass = Math.max(ROWS_PER_PASS, Math.min(MAX_EVALUATION_PASS, EVALUATION_PASS_BYTES / perRow));
        }
        return evaluationPass;
    }

    /** Evaluated in equal passes of at most {@link #evaluationPass} rows, so memory stays bounded whatever the batch size. */
    @Override
    public BatchValues evaluate(INDArray x, INDArray eps) {
        rebindIfReplaced();
        clearAllBut(evaluation);
        long n = x.size(0);
        double negElbo = 0;
        double recon = 0;
        double kl = 0;
        Map<String, Double> means = new LinkedHashMap<>();
        long maxPass = evaluationPass();
        long passes = (n + maxPass - 1) / maxPass;
        long pass = (n + passes - 1) / passes;                  // equal passes: one program for the whole batch
        for (long start = 0; start < n; start += pass) {
            long end = Math.min(n, start + pass);
            BatchValues v = GraphOutputs.values(graph, evaluation.run(Evaluator.feeds(graph, rows(x, start, end),
                    rows(eps, start, end))));
            negElbo += v.negElbo();
            recon += v.recon();
            kl += v.kl();
            double weight = (double) (end - start) / n;          // batch means: weighted by the pass's rows
            v.termMeans().forEach((k, m) -> means.merge(k, m * weight, Double::sum));
        }
        return new BatchValues(negElbo, recon, kl, means);
    }

    /** In passes of at most {@link #ROWS_PER_PASS} (image, sample) rows: an image's samples may span passes. */
    @Override
    public double[][] logWeights(INDArray x, INDArray eps, int samples) {
        rebindIfReplaced();
        clearAllBut(logWeights());
        int n = (int) x.size(0);
        long total = (long) n * samples;
        double[] flat = new double[(int) total];
        for (long start = 0; start < total; start += ROWS_PER_PASS) {
            long end = Math.min(total, start + ROWS_PER_PASS);
            INDArray images = Nd4j.createUninitialized(x.dataType(), end - start, x.size(1));
            for (long r = start; r < end; r++) {
                images.putRow(r - start, x.getRow(r / samples));
            }
            INDArray out = logWeights().run(Evaluator.feeds(graph, images, rows(eps, start, end))).get(VaeGraph.LOG_WEIGHT);
            double[] part = out.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
            System.arraycopy(part, 0, flat, (int) start, part.length);
        }
        return GraphOutputs.bySample(flat, n, samples);
    }

    /** In passes of at most {@link #ROWS_PER_PASS} rows, on a program of the encoder's ops alone. */
    @Override
    public Encoding encode(INDArray images) {
        rebindIfReplaced();
        if (encoding == null) {
            encoding = CompiledGraph.compile(graph.sd(), graph.sd(), List.of(VaeGraph.Q_MEAN, VaeGraph.Q_LOG_VAR), team);
        }
        clearAllBut(encoding);
        int latent = graph.context().latentDim();
        List<INDArray> means = new ArrayList<>();
        List<INDArray> logVars = new ArrayList<>();
        long n = images.size(0);
        for (long start = 0; start < n; start += ROWS_PER_PASS) {
            INDArray x = rows(images, start, Math.min(n, start + ROWS_PER_PASS));
            Map<String, INDArray> out = encoding.run(Evaluator.feeds(graph, x, Nd4j.zeros(x.dataType(), x.size(0), latent)));
            means.add(out.get(VaeGraph.Q_MEAN).dup());
            logVars.add(out.get(VaeGraph.Q_LOG_VAR).dup());
        }
        return SessionInference.stack(means, logVars, images, latent);
    }

    /**
     * In passes of at most {@link #ROWS_PER_PASS} rows, on the decoder-only graph ({@link VaeGraph#generator()})
     * compiled over this graph's own parameter arrays, so it decodes with the current parameters.
     */
    @Override
    public INDArray decode(INDArray z) {
        rebindIfReplaced();
        if (decoding == null) {
            decoding = CompiledGraph.compile(graph.generator(), graph.sd(), List.of("mean"), team);
        }
        clearAllBut(decoding);
        List<INDArray> parts = new ArrayList<>();
        long n = z.size(0);
        for (long start = 0; start < n; start += ROWS_PER_PASS) {
            INDArray batch = rows(z, start, Math.min(n, start + ROWS_PER_PASS)).castTo(graph.context().dataType());
            parts.add(decoding.run(Map.of("z", batch)).get("mean").dup());
        }
        return parts.isEmpty() ? Nd4j.create(graph.context().dataType(), 0, graph.context().inputDim())
                : Nd4j.vstack(parts.toArray(INDArray[]::new));
    }

    /** @return the log-weight program, compiled on first use */
    private CompiledGraph logWeights() {
        if (logWeights == null) {
            logWeights = CompiledGraph.compile(graph.sd(), graph.sd(), List.of(VaeGraph.LOG_WEIGHT), team);
        }
        return logWeights;
    }

    /** Programs other than {@code keep} free their memory, but for at most {@link CompiledGraph#KEPT_BYTES} together. */
    private void clearAllBut(CompiledGraph keep) {
        long kept = 0;
        for (CompiledGraph g : java.util.Arrays.asList(training, evaluation, logWeights, encoding, decoding)) {
            if (g != null && g != keep) {
                g.trim(Math.max(0, CompiledGraph.KEPT_BYTES - kept));     // together at most KEPT_BYTES
                kept += g.boundBytes();
            }
        }
    }

    private static INDArray rows(INDArray a, long from, long to) {
        return from == 0 && to == a.size(0) ? a : a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
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
        clearAllBut(null);
        bound = current;
    }

    @Override
    public void close() {
        clearAllBut(null);
        team.close();
    }
}
