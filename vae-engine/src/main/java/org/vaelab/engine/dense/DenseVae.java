package org.vaelab.engine.dense;


import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.vaelab.api.dense.DenseLoss;
import org.vaelab.engine.graph.VaeGraph;
import org.vaelab.engine.threads.SpinTeam;

/**
 * The dense engine: the model of a {@link VaeGraph} whose components all have a dense form (see
 * {@code org.vaelab.api.dense}), run by hand-written forward and backward passes instead of SameDiff's
 * graph executor.
 *
 * <p>Why: for the small models of VAE research, SameDiff spends most of a training step dispatching
 * about 140 ops one by one (docs/performance.md), and even single ND4J ops cost tens of microseconds
 * each in allocation and bookkeeping, some of it serialised between threads. Here a step is the dense
 * layers' matrix products, called straight into the BLAS that ND4J loads ({@code cblas_sgemm} on buffers
 * allocated once), and Java loops over heap arrays for everything element-wise (bias, activation, loss,
 * optimiser), which the JIT compiles to vector code. A step runs on {@code threads} threads in two phases:
 * each thread runs the forward and backward pass on its rows of the batch; then each computes its row
 * blocks of the weight gradients over the whole batch and updates those blocks. Every value is computed
 * by the same arithmetic in the same order from run to run, so results depend on the thread count (part
 * of the config) and on nothing else.
 *
 * <p>The parameters are the graph's own arrays, updated in place, and the optimiser state lives in
 * SameDiff's own per-parameter {@link GradientUpdater}s with the graph's iteration count: checkpoints,
 * resume, images and everything else that reads the graph see what SameDiff training would leave there.
 */
public final class DenseVae implements AutoCloseable {

    /**
     * Values (floats) one evaluation pass may hold, per thread: an evaluation batch or an image's IWAE
     * samples are done in chunks of as many rows as fit (a convolution's buffers take hundreds of KB per
     * row, an MLP's a few), so memory stays bounded whatever the batch and large products stay large.
     */
    private static final long PASS_BUDGET = 4_000_000;

    static {
        Loader.load(openblas_nolapack.class);      // the BLAS ND4J itself uses (OpenBLAS, or MKL if configured)
    }

    /** One loss term: its metric name ({@code loss/recon}), its dense form, and its factor in the objective. */
    record Term(String metric, DenseLoss form, double factor) {}

    private final VaeGraph graph;
    private final List<EngineLayer> layers;           // encoder layers, then decoder layers
    private final int encoderLayers;
    private final List<Term> terms;
    private final DenseLoss likelihood;
    private final int latent;
    private final int inputDim;
    private final int threads;
    private final SpinTeam team;
    private final Worker[] workers;
    private final List<String> parameterOrder = new ArrayList<>();
    private final List<List<Block>> blockShare;
    private final int chunk;                          // rows per evaluation pass
    private final float[][] gradients;                // per parameter, heap
    private final FloatPointer[] weightGradients;     // per layer, native: where the weight-gradient products land
    private final ByteBuffer[] weightGradientBytes;   // the same memory, for the optimiser's vector kernel
    private final Map<Integer, TrainBuffers> trainBuffers = new HashMap<>();
    private List<ParameterUpdate> updates;             // between an epoch's first step and endEpoch

    DenseVae(VaeGraph graph, List<EngineLayer> encoder, List<EngineLayer> decoder, List<Term> terms,
            DenseLoss likelihood, int threads) {
        this.graph = graph;
        List<EngineLayer> all = new ArrayList<>(encoder);
        all.addAll(decoder);
        this.layers = List.copyOf(all);
        this.encoderLayers = encoder.size();
        this.terms = List.copyOf(terms);
        this.likelihood = likelihood;
        this.latent = graph.context().latentDim();
        this.inputDim = Math.toIntExact(graph.context().inputDim());
        this.threads = threads;
        this.team = new SpinTeam(threads);
        for (EngineLayer l : layers) {
            parameterOrder.add(l.weightName);
            parameterOrder.add(l.biasName);
        }
        this.workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker();
        }
        this.chunk = chunkRows();
        this.blockShare = blockPlan(threads);
        this.gradients = new float[parameterOrder.size()][];
        this.weightGradients = new FloatPointer[layers.size()];
        this.weightGradientBytes = new ByteBuffer[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            EngineLayer l = layers.get(i);
            gradients[2 * i] = new float[l.wRows * l.wCols];
            gradients[2 * i + 1] = new float[l.channels];
            weightGradients[i] = NativeFloats.allocate((long) l.wRows * l.wCols);
            weightGradientBytes[i] = EngineLayer.bytes(weightGradients[i]);
        }
    }

    /** @return the threads each batch is split over */
    public int threads() {
        return threads;
    }

    /** @return the graph whose parameters this engine trains */
    public VaeGraph graph() {
        return graph;
    }

    @Override
    public void close() {
        team.close();
    }

    // ---------------------------------------------------------------- training

    /**
     * One optimisation step on a batch: forward, backward, and the optimiser's update of the graph's
     * parameters in place; advances the graph's iteration count as SameDiff's {@code fit} does.
     *
     * @param target the clean batch {@code [B, inputDim]}
     * @param eps the reparameterisation noise {@code [B, latentDim]}
     * @return each term's batch mean by metric name, then {@code loss/total}
     */
    public Map<String, Double> trainStep(INDArray target, INDArray eps) {
        int rows = Math.toIntExact(target.size(0));
        return trainStep(heap(target, rows * inputDim), heap(eps, rows * latent), rows);
    }

    /**
     * {@link #trainStep(INDArray, INDArray)} on a batch in Java arrays (as {@code BatchIterator.nextInto}
     * fills them).
     *
     * @param target the clean batch, row-major, {@code rows * inputDim} values (more are ignored)
     * @param eps the noise, {@code rows * latentDim} values
     * @param rows rows in the batch
     * @return each term's batch mean by metric name, then {@code loss/total}
     */
    public Map<String, Double> trainStep(float[] target, float[] eps, int rows) {
        if (updates == null) {
            bindOptimizer();
        }
        TrainingConfig config = graph.sd().getTrainingConfig();
        int iteration = config.getIterationCount();
        int epoch = config.getEpochCount();
        double[][] sums = step(target, eps, rows, new BlockConsumer() {
            @Override
            public void accept(Block block, float[] gradient) {
                ParameterUpdate u = updates.get(block.param());
                if (u.ranged()) {
                    u.apply(gradient, iteration, epoch, block.from(), block.to());
                }
            }

            @Override
            public boolean acceptNative(Block block, ByteBuffer gradient) {
                ParameterUpdate u = updates.get(block.param());
                if (!u.readsNative()) {
                    return false;
                }
                u.applyNative(gradient, iteration, epoch, block.from(), block.to());
                return true;
            }
        });
        for (int p = 0; p < updates.size(); p++) {     // updaters that need a whole parameter's gradient at once
            ParameterUpdate u = updates.get(p);
            if (!u.ranged()) {
                u.apply(gradients[p], iteration, epoch, 0, gradients[p].length);
            }
        }
        config.incrementIterationCount();
        return termMeans(sums, rows);
    }

    private static float[] heap(INDArray a, int n) {
        float[] v = new float[n];
        ParameterUpdate.read(a, v);
        return v;
    }

    /**
     * The gradient of {@code loss/total} for a batch, without any update (for tests against SameDiff's).
     *
     * @param target the clean batch
     * @param eps the noise
     * @return parameter name to gradient
     */
    Map<String, INDArray> gradients(INDArray target, INDArray eps) {
        int rows = Math.toIntExact(target.size(0));
        step(heap(target, rows * inputDim), heap(eps, rows * latent), rows, (block, gradient) -> { });
        Map<String, INDArray> copies = new LinkedHashMap<>();
        Map<String, INDArray> params = graph.parameters();
        for (int p = 0; p < parameterOrder.size(); p++) {
            String name = parameterOrder.get(p);
            copies.put(name, org.nd4j.linalg.factory.Nd4j.create(gradients[p].clone(), params.get(name).shape()));
        }
        return copies;
    }

    /**
     * Marks the end of an epoch in the graph's training state, as SameDiff's {@code fit} does, and writes
     * the optimiser's state back into the graph's optimiser state (which checkpoints save).
     */
    public void endEpoch() {
        if (updates != null) {
            updates.forEach(ParameterUpdate::store);
            updates = null;
        }
        graph.sd().getTrainingConfig().incrementEpochCount();
    }

    /** Takes the graph's current parameters and its optimiser state (fresh, or restored by a resume). */
    private void bindOptimizer() {
        Map<String, INDArray> params = graph.parameters();
        Map<String, GradientUpdater> updaters = graph.optimizerState().updaters();
        List<ParameterUpdate> bound = new ArrayList<>();
        for (String name : parameterOrder) {
            ParameterUpdate u = ParameterUpdate.of(params.get(name), updaters.get(name));
            u.load();
            bound.add(u);
        }
        updates = bound;
    }

    /** What to do with a block of a parameter's gradient once it is computed. */
    private interface BlockConsumer {
        /** Takes the block from the heap copy of the whole parameter's gradient. */
        void accept(Block block, float[] gradient);

        /**
         * Takes a weight block straight from the native weight gradient (flat, native byte order), if it can.
         *
         * @return false if it cannot: the block is then copied into the heap and given to {@link #accept}
         */
        default boolean acceptNative(Block block, ByteBuffer gradient) {
            return false;
        }
    }

    /**
     * A step in two phases on all threads. First, data-parallel: each thread runs the forward pass and the
     * backward pass (to every layer's pre-activation gradient) on its rows of the batch, writing the
     * layers' inputs and gradients into row slices of shared native buffers. Then, after a barrier,
     * model-parallel: each thread computes its row blocks of the weight gradients ({@code in^T g} over the
     * whole batch, as large a product as the batch allows) and its biases' gradients, and hands each block
     * to {@code done} (the optimiser), which only touches that block.
     */
    private double[][] step(float[] target, float[] eps, int rows, BlockConsumer done) {
        bindParameters();
        TrainBuffers tb = trainBuffers.computeIfAbsent(rows, TrainBuffers::new);
        int parts = tb.passes.length;
        double[][] sums = new double[parts][];
        runTasks(threads, t -> {
            if (t < parts) {
                Pass p = tb.passes[t];
                System.arraycopy(target, tb.from[t] * inputDim, p.x, 0, p.rows * inputDim);
                System.arraycopy(eps, tb.from[t] * latent, p.eps, 0, p.rows * latent);
                sums[t] = workers[t].trainRows(p, 1.0f / rows);
            }
            team.await();
            for (Block block : blockShare.get(t)) {
                EngineLayer layer = layers.get(block.layer());
                float[] gradient = gradients[block.param()];
                if (block.bias()) {
                    java.util.Arrays.fill(gradient, 0f);
                    for (int w = 0; w < parts; w++) {       // the threads' partial sums, in a fixed order
                        float[] partial = tb.passes[w].layer[block.layer()].biasSums;
                        for (int j = 0; j < partial.length; j++) {
                            gradient[j] += partial[j];
                        }
                    }
                } else {
                    int cols = layer.wCols;
                    int r0 = block.from() / cols;
                    int r1 = block.to() / cols;
                    FloatPointer left = new FloatPointer(tb.left[block.layer()]).position(r0);
                    FloatPointer dw = new FloatPointer(weightGradients[block.layer()]).position(block.from());
                    EngineLayer.gemm(true, false, r1 - r0, cols, rows, left, layer.wRows,
                            tb.right[block.layer()], cols, dw, cols);
                    if (done.acceptNative(block, weightGradientBytes[block.layer()])) {
                        continue;
                    }
                    dw.get(gradient, block.from(), block.to() - block.from());
                }
                done.accept(block, gradient);
            }
        });
        return sums;
    }

    /** Binds the graph's current weight arrays (they are replaced when a checkpoint is restored). */
    private void bindParameters() {
        Map<String, INDArray> params = graph.parameters();
        for (EngineLayer layer : layers) {
            INDArray weight = params.get(layer.weightName);
            if (!ParameterUpdate.contiguous(weight) || weight.dataType() != DataType.FLOAT || weight.offset() != 0) {
                throw new IllegalStateException("parameter " + layer.weightName + " is not a dense float array");
            }
            layer.weights = new FloatPointer(weight.data().addressPointer());
            if (layer.bias == null) {
                layer.bias = new float[layer.channels];
            }
            ParameterUpdate.read(params.get(layer.biasName), layer.bias);
        }
    }

    // ---------------------------------------------------------------- evaluation

    /** Per-example sums of one evaluation batch. */
    public record BatchValues(double negElbo, double recon, double kl, Map<String, Double> termMeans) {}

    /**
     * Scores a batch without training: the negative ELBO, its parts and every term, as the graph's
     * {@code eval/} outputs and loss terms would.
     *
     * @param x the clean batch
     * @param eps the noise
     * @return sums over the batch of the per-example negative ELBO, reconstruction NLL and KL, and the
     *     batch mean of each term (with {@code loss/total})
     */
    public BatchValues evaluate(INDArray x, INDArray eps) {
        bindParameters();
        int rows = Math.toIntExact(x.size(0));
        int parts = Math.min(threads, rows);
        double[][] sums = new double[parts][];
        runTasks(parts, t -> {
            int from = rows * t / parts;
            int to = rows * (t + 1) / parts;
            double[] total = new double[terms.size() + 2];
            for (int c = from; c < to; c += chunk) {       // bounded buffers whatever the evaluation batch size
                int end = Math.min(to, c + chunk);
                Pass p = workers[t].pass(end - c);
                ParameterUpdate.read(x, p.x, c * inputDim, end * inputDim, 0);
                ParameterUpdate.read(eps, p.eps, c * latent, end * latent, 0);
                double[] part = workers[t].evaluateRows(p);
                for (int i = 0; i < total.length; i++) {
                    total[i] += part[i];
                }
            }
            sums[t] = total;
        });
        double recon = 0;
        double kl = 0;
        for (double[] s : sums) {
            recon += s[terms.size()];
            kl += s[terms.size() + 1];
        }
        return new BatchValues(recon + kl, recon, kl, termMeans(sums, rows));
    }

    /**
     * The importance-sampling log weights {@code log p(x|z_k) + log p(z_k) - log q(z_k|x)} of each image's
     * samples {@code z_k = mean + exp(logVar/2) eps_k}.
     *
     * @param x images {@code [n, inputDim]}
     * @param eps noise {@code [n * K, latentDim]}: image i's K draws are rows {@code i*K .. i*K+K-1}
     * @param samples K
     * @return {@code [n][K]} log weights
     */
    public double[][] logWeights(INDArray x, INDArray eps, int samples) {
        bindParameters();
        int n = Math.toIntExact(x.size(0));
        double[][] out = new double[n][];
        int parts = Math.min(threads, n);
        runTasks(parts, t -> {
            Pass one = workers[t].pass(1);
            for (int i = t; i < n; i += parts) {       // images round-robin: each on one thread
                ParameterUpdate.read(x, one.x, i * inputDim, (i + 1) * inputDim, 0);
                out[i] = new double[samples];
                for (int c = 0; c < samples; c += chunk) {
                    int end = Math.min(samples, c + chunk);
                    Pass k = workers[t].pass(end - c);
                    ParameterUpdate.read(eps, k.eps, (i * samples + c) * latent, (i * samples + end) * latent, 0);
                    System.arraycopy(workers[t].logWeightsOfImage(one, k), 0, out[i], c, end - c);
                }
            }
        });
        return out;
    }

    // ---------------------------------------------------------------- plumbing

    private Map<String, Double> termMeans(double[][] sums, long rows) {
        Map<String, Double> means = new LinkedHashMap<>();
        double total = 0;
        for (int t = 0; t < terms.size(); t++) {
            double sum = 0;
            for (double[] s : sums) {
                sum += s[t];
            }
            double mean = sum / rows;
            means.put(terms.get(t).metric(), mean);
            total += terms.get(t).factor() * mean;
        }
        means.put(VaeGraph.LOSS_TOTAL, total);
        return means;
    }

    private void runTasks(int n, SpinTeam.Task task) {
        team.runAll(t -> {
            if (t < n) {
                task.run(t);
            }
        });
    }

    /** Rows per evaluation pass: {@link #PASS_BUDGET} over an evaluation pass's values per row, within [16, 512]. */
    private int chunkRows() {
        long perRow = 4L * inputDim + 5L * latent;
        for (EngineLayer l : layers) {
            perRow += 2L * l.outSize + l.wRows + l.wCols + l.inSize;
        }
        return (int) Math.max(16, Math.min(512, PASS_BUDGET / perRow));
    }

    /**
     * A contiguous range {@code [from, to)} of one parameter's values that one thread owns in the second
     * phase of a step: a block of whole rows of a weight, or a whole bias.
     */
    private record Block(int param, int layer, boolean bias, int from, int to) {}

    /**
     * Each weight split by rows into one block per thread (so the threads share every layer's work
     * equally); the biases, which are small, dealt round-robin.
     */
    private List<List<Block>> blockPlan(int n) {
        List<List<Block>> share = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            share.add(new ArrayList<>());
        }
        for (int i = 0; i < layers.size(); i++) {
            EngineLayer layer = layers.get(i);
            int in = layer.wRows;
            int out = layer.wCols;
            int parts = Math.min(n, in);
            for (int t = 0; t < parts; t++) {
                int r0 = (int) ((long) in * t / parts);
                int r1 = (int) ((long) in * (t + 1) / parts);
                share.get(t).add(new Block(2 * i, i, false, r0 * out, r1 * out));
            }
            share.get(i % n).add(new Block(2 * i + 1, i, true, 0, layer.channels));
        }
        return share;
    }

    // ---------------------------------------------------------------- buffers

    /** Buffers for one pass over {@code rows} examples: the model's heap arrays and each layer's buffers. */
    private final class Pass {
        final int rows;
        final float[] x;                  // encoder input (the clean target)
        final float[] eps;
        final float[] std;
        final float[] z;
        final float[] gradZ;
        final EngineLayer.Buffers[] layer;

        /**
         * Over the given native product operands per layer (slices of a step's shared ones, or the pass's own);
         * with the backward pass's buffers when {@code training}.
         */
        Pass(int rows, FloatPointer[] left, FloatPointer[] right, boolean training) {
            this.rows = rows;
            x = new float[rows * inputDim];
            eps = new float[rows * latent];
            std = new float[rows * latent];
            z = new float[rows * latent];
            gradZ = new float[rows * latent];
            layer = new EngineLayer.Buffers[layers.size()];
            for (int l = 0; l < layers.size(); l++) {
                layer[l] = layers.get(l).buffers(rows, left[l], right[l], training);
            }
            for (int l = 0; l + 1 < layers.size(); l++) {
                if (l + 1 != encoderLayers) {          // the decoder starts from z, not from the encoder's head
                    EngineLayer.Dense.link(layer[l], layer[l + 1]);
                }
            }
        }

        /** An evaluation pass, with native buffers of its own. */
        Pass(int rows) {
            this(rows, operands(rows, true), operands(rows, false), false);
        }

        float[] out(int l) {
            return layer[l].out;
        }

        float[] grad(int l) {
            return layer[l].grad;
        }
    }

    /** Each layer's left ({@code true}) or right product operand for {@code rows} examples. */
    private FloatPointer[] operands(int rows, boolean left) {
        FloatPointer[] a = new FloatPointer[layers.size()];
        for (int l = 0; l < layers.size(); l++) {
            EngineLayer layer = layers.get(l);
            a[l] = NativeFloats.allocate((long) rows * (left ? layer.wRows : layer.wCols));
        }
        return a;
    }

    /** A training batch size's shared product operands, and each thread's pass over its row slice of them. */
    private final class TrainBuffers {
        final FloatPointer[] left;
        final FloatPointer[] right;
        final Pass[] passes;
        final int[] from;
        final int[] to;

        TrainBuffers(int rows) {
            left = operands(rows, true);
            right = operands(rows, false);
            int parts = Math.min(threads, rows);            // a batch smaller than the thread count uses fewer
            passes = new Pass[parts];
            from = new int[parts];
            to = new int[parts];
            for (int t = 0; t < parts; t++) {
                from[t] = (int) ((long) rows * t / parts);
                to[t] = (int) ((long) rows * (t + 1) / parts);
                FloatPointer[] l = new FloatPointer[layers.size()];
                FloatPointer[] r = new FloatPointer[layers.size()];
                for (int i = 0; i < layers.size(); i++) {
                    EngineLayer layer = layers.get(i);
                    l[i] = new FloatPointer(left[i]).position((long) from[t] * layer.wRows);
                    r[i] = new FloatPointer(right[i]).position((long) from[t] * layer.wCols);
                }
                passes[t] = new Pass(to[t] - from[t], l, r, true);
            }
        }
    }

    // ---------------------------------------------------------------- one thread's passes

    /** One thread's passes, with its own buffers per row count for evaluation. */
    private final class Worker {
        final Map<Integer, Pass> byRows = new HashMap<>();

        Pass pass(int rows) {
            return byRows.computeIfAbsent(rows, Pass::new);
        }

        /**
         * Forward and backward on a pass's rows (its {@code x} and {@code eps} filled in), down to every
         * layer's pre-activation gradient and bias sums; returns each term's sum over the rows.
         */
        double[] trainRows(Pass p, float scale) {
            forward(p);
            double[] sums = new double[terms.size()];
            int last = layers.size() - 1;
            float[] gOut = p.grad(last);
            float[] gHead = p.grad(encoderLayers - 1);
            java.util.Arrays.fill(gOut, 0f);
            java.util.Arrays.fill(gHead, 0f);
            for (int t = 0; t < terms.size(); t++) {
                Term term = terms.get(t);
                float f = (float) (term.factor() * scale);
                sums[t] = switch (term.form().kind()) {
                    case BERNOULLI_NLL -> Losses.bernoulli(p.out(last), p.x, inputDim, p.rows, inputDim, null, gOut, f);
                    case GAUSSIAN_NLL -> Losses.gaussian(p.out(last), p.x, inputDim, p.rows, inputDim, term.form().sigma(),
                            null, gOut, f);
                    case ANALYTIC_KL -> Losses.klToStandardNormal(p.out(encoderLayers - 1), p.rows, latent, null, gHead, f);
                };
            }
            // decoder backward, down to dLoss/dz
            for (int l = last; l >= encoderLayers; l--) {
                layers.get(l).backward(p.layer[l], l == encoderLayers ? p.gradZ : p.grad(l - 1));
            }
            // through z = mean + exp(logVar/2) * eps to the encoder head (which holds the KL's gradient already)
            int width = 2 * latent;
            for (int r = 0; r < p.rows; r++) {
                for (int j = 0; j < latent; j++) {
                    int i = r * latent + j;
                    float gz = p.gradZ[i];
                    gHead[r * width + j] += gz;
                    gHead[r * width + latent + j] += gz * p.eps[i] * p.std[i] * 0.5f;
                }
            }
            for (int l = encoderLayers - 1; l >= 0; l--) {
                layers.get(l).backward(p.layer[l], l == 0 ? null : p.grad(l - 1));
            }
            return sums;
        }

        /** Forward only; returns each term's sum, then the sums of the likelihood NLL and of the KL. */
        double[] evaluateRows(Pass p) {
            forward(p);
            double[] sums = new double[terms.size() + 2];
            Map<DenseLoss, Double> values = new HashMap<>();   // each distinct quantity once
            for (int t = 0; t < terms.size(); t++) {
                sums[t] = values.computeIfAbsent(terms.get(t).form(), form -> value(p, form, p.x, inputDim, null));
            }
            sums[terms.size()] = values.computeIfAbsent(likelihood, form -> value(p, form, p.x, inputDim, null));
            sums[terms.size() + 1] = values.computeIfAbsent(DenseLoss.analyticKl(),
                    form -> value(p, form, p.x, inputDim, null));
            return sums;
        }

        /** One image's K log weights: {@code one} holds the image in {@code x}, {@code k} the K draws in {@code eps}. */
        double[] logWeightsOfImage(Pass one, Pass k) {
            forwardLayers(one, 0, encoderLayers, one.x);
            float[] head = one.out(encoderLayers - 1);
            int n = k.rows;
            double logVarSum = 0;
            for (int j = 0; j < latent; j++) {
                logVarSum += head[latent + j];
            }
            double[] logW = new double[n];
            for (int r = 0; r < n; r++) {
                double zz = 0;
                double ee = 0;
                for (int j = 0; j < latent; j++) {
                    float e = k.eps[r * latent + j];
                    float zj = head[j] + (float) Math.exp(0.5 * head[latent + j]) * e;
                    k.z[r * latent + j] = zj;
                    zz += zj * zj;
                    ee += e * e;
                }
                // log p(z) - log q(z|x) = -1/2 sum(z^2) + 1/2 sum(eps^2 + logVar): the log(2 pi) terms cancel
                logW[r] = -0.5 * zz + 0.5 * (ee + logVarSum);
            }
            forwardLayers(k, encoderLayers, layers.size(), k.z);
            double[] recon = new double[n];
            value(k, likelihood, one.x, 0, recon);          // the image is every sample's target: row stride 0
            for (int r = 0; r < n; r++) {
                logW[r] -= recon[r];
            }
            return logW;
        }

        /** A term's sum over the pass's rows (and each row's value into {@code perRow}, if given). */
        private double value(Pass p, DenseLoss form, float[] x, int xRowStride, double[] perRow) {
            int last = layers.size() - 1;
            return switch (form.kind()) {
                case BERNOULLI_NLL -> Losses.bernoulli(p.out(last), x, xRowStride, p.rows, inputDim, perRow, null, 0f);
                case GAUSSIAN_NLL -> Losses.gaussian(p.out(last), x, xRowStride, p.rows, inputDim, form.sigma(), perRow,
                        null, 0f);
                case ANALYTIC_KL -> Losses.klToStandardNormal(p.out(encoderLayers - 1), p.rows, latent, perRow, null, 0f);
            };
        }

        /** Encoder, reparameterisation, decoder. */
        private void forward(Pass p) {
            forwardLayers(p, 0, encoderLayers, p.x);
            float[] head = p.out(encoderLayers - 1);
            int width = 2 * latent;
            for (int r = 0; r < p.rows; r++) {
                for (int j = 0; j < latent; j++) {
                    int i = r * latent + j;
                    float s = (float) Math.exp(0.5 * head[r * width + latent + j]);
                    p.std[i] = s;
                    p.z[i] = head[r * width + j] + s * p.eps[i];
                }
            }
            forwardLayers(p, encoderLayers, layers.size(), p.z);
        }

        /** Layers {@code [from, to)}, the first reading {@code input}. */
        private void forwardLayers(Pass p, int from, int to, float[] input) {
            float[] in = input;
            for (int l = from; l < to; l++) {
                layers.get(l).forward(p.layer[l], in);
                in = p.out(l);
            }
        }
    }

    @Override
    public String toString() {
        return "dense engine (" + threads + " thread" + (threads == 1 ? "" : "s") + ", " + layers.size() + " layers)";
    }
}
