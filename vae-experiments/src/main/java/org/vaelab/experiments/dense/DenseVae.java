package org.vaelab.experiments.dense;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.loss.SigmoidCrossEntropyLoss;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.api.ops.impl.transforms.ReluLayer;
import org.nd4j.linalg.api.ops.impl.transforms.custom.XwPlusB;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.vaelab.api.dense.DenseActivation;
import org.vaelab.api.dense.DenseLayer;
import org.vaelab.api.dense.DenseLoss;
import org.vaelab.experiments.graph.VaeGraph;

/**
 * The dense engine: the model of a {@link VaeGraph} whose components all have a dense form (see
 * {@code org.vaelab.api.dense}), run by hand-written forward and backward passes instead of SameDiff's
 * graph executor.
 *
 * <p>Why: for the small models of VAE research, SameDiff spends most of a training step dispatching
 * about 140 ops one by one (docs/performance.md). Here a step is the dense layers' matrix products
 * ({@code Nd4j.gemm} into preallocated buffers), a handful of element-wise ops for the loss and the
 * optimiser, and nothing else. Each batch is split by rows over {@code threads} workers that run the
 * whole forward and backward pass on their rows at once (one BLAS thread each, which is what ND4J runs
 * fastest), then the workers' gradients are summed in a fixed order: results depend on the thread count
 * (it is part of the config) but are identical from run to run.
 *
 * <p>The parameters are the graph's own arrays, updated in place, and the optimiser is SameDiff's own
 * per-parameter {@link GradientUpdater} with the graph's iteration count: checkpoints, resume, images and
 * everything else that reads the graph see exactly what SameDiff training would have left there.
 */
public final class DenseVae implements AutoCloseable {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /** One dense layer's description, with its parameter names in the graph. */
    record Layer(DenseLayer spec, String weightName, String biasName) {}

    /** One loss term: its metric name ({@code loss/recon}), its dense form, and its factor in the objective. */
    record Term(String metric, DenseLoss form, double factor) {}

    private final VaeGraph graph;
    private final List<Layer> encoder;
    private final List<Layer> decoder;
    private final List<Term> terms;
    private final DenseLoss likelihood;
    private final int latent;
    private final long inputDim;
    private final int threads;
    private final SpinTeam team;
    private final Worker[] workers;
    private final List<String> parameterOrder = new ArrayList<>();
    private final List<List<Block>> blockShare;
    private final Map<String, INDArray> gradients = new HashMap<>();
    private final Map<Long, TrainBuffers> trainBuffers = new HashMap<>();
    private List<ParameterUpdate> updates;             // between an epoch's first step and endEpoch

    DenseVae(VaeGraph graph, List<Layer> encoder, List<Layer> decoder, List<Term> terms, DenseLoss likelihood,
            int threads) {
        this.graph = graph;
        this.encoder = List.copyOf(encoder);
        this.decoder = List.copyOf(decoder);
        this.terms = List.copyOf(terms);
        this.likelihood = likelihood;
        this.latent = graph.context().latentDim();
        this.inputDim = graph.context().inputDim();
        this.threads = threads;
        this.team = new SpinTeam(threads);
        for (Layer l : this.encoder) {
            parameterOrder.add(l.weightName());
            parameterOrder.add(l.biasName());
        }
        for (Layer l : this.decoder) {
            parameterOrder.add(l.weightName());
            parameterOrder.add(l.biasName());
        }
        this.workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker();
        }
        this.blockShare = blockPlan(threads);
        for (String name : parameterOrder) {
            INDArray p = graph.parameters().get(name);
            gradients.put(name, Nd4j.create(DataType.FLOAT, p.shape()));
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
        if (updates == null) {
            bindOptimizer();
        }
        TrainingConfig config = graph.sd().getTrainingConfig();
        int iteration = config.getIterationCount();
        int epoch = config.getEpochCount();
        double[][] sums = step(target, eps, (block, gradient) -> {
            ParameterUpdate u = updates.get(block.param());
            if (u.ranged()) {
                u.apply(gradient, iteration, epoch, block.from(), block.to());
            }
        });
        for (int p = 0; p < updates.size(); p++) {     // updaters that need a whole parameter's gradient at once
            ParameterUpdate u = updates.get(p);
            if (!u.ranged()) {
                u.apply(gradients.get(parameterOrder.get(p)), iteration, epoch, 0, (int) u.param.length());
            }
        }
        config.incrementIterationCount();
        return termMeans(sums, target.size(0));
    }

    /**
     * The gradient of {@code loss/total} for a batch, without any update (for tests against SameDiff's).
     *
     * @param target the clean batch
     * @param eps the noise
     * @return parameter name to gradient (copies)
     */
    Map<String, INDArray> gradients(INDArray target, INDArray eps) {
        step(target, eps, (block, gradient) -> { });
        Map<String, INDArray> copies = new LinkedHashMap<>();
        for (String name : parameterOrder) {
            copies.put(name, gradients.get(name).dup());
        }
        return copies;
    }

    /** What to do with a block of a parameter's gradient once it is computed. */
    private interface BlockConsumer {
        void accept(Block block, INDArray gradient);
    }

    /**
     * A step in two phases on all threads. First, data-parallel: each thread runs the forward pass and the
     * backward pass (to every layer's output gradient) on its rows of the batch, in row slices of shared
     * buffers. Then, after a barrier, model-parallel: each thread computes its row blocks of the weight
     * gradients ({@code in^T g} over the whole batch, so the products are as large as the batch allows and
     * no per-thread gradients need summing) and bias gradients, and hands each block to {@code done}
     * (the optimiser), which only touches that block.
     */
    private double[][] step(INDArray target, INDArray eps, BlockConsumer done) {
        Map<String, INDArray> params = graph.parameters();
        long rows = target.size(0);
        TrainBuffers tb = trainBuffers.computeIfAbsent(rows, TrainBuffers::new);
        int parts = tb.slices.length;
        double[][] sums = new double[parts][];
        runTasks(threads, t -> {
            if (t < parts) {
                sums[t] = workers[t].trainRows(params, tb.slices[t], rows(target, tb.from[t], tb.to[t]),
                        rows(eps, tb.from[t], tb.to[t]), 1.0 / rows);
            }
            team.await();
            for (Block block : blockShare.get(t)) {
                INDArray gradient = gradients.get(parameterOrder.get(block.param()));
                Layer layer = block.layer();
                boolean encoderLayer = block.layerIndex() < encoder.size();
                int l = encoderLayer ? block.layerIndex() : block.layerIndex() - encoder.size();
                INDArray g = encoderLayer ? tb.full.encGrad[l] : tb.full.decGrad[l];
                if (block.bias()) {
                    g.sum(gradient, 0);
                } else {
                    INDArray in = encoderLayer ? (l == 0 ? target : tb.full.encOut[l - 1])
                            : (l == 0 ? tb.full.z : tb.full.decOut[l - 1]);
                    long r0 = block.from() / layer.spec().out();
                    long r1 = block.to() / layer.spec().out();
                    INDArray inColumns = r0 == 0 && r1 == layer.spec().in() ? in
                            : in.get(NDArrayIndex.all(), NDArrayIndex.interval(r0, r1));
                    INDArray gradientRows = r0 == 0 && r1 == layer.spec().in() ? gradient
                            : gradient.get(NDArrayIndex.interval(r0, r1), NDArrayIndex.all());
                    Nd4j.gemm(inColumns, g, gradientRows, true, false, 1.0, 0.0);
                }
                done.accept(block, gradient);
            }
            return null;
        });
        return sums;
    }

    /**
     * Marks the end of an epoch in the graph's training state, as SameDiff's {@code fit} does, and writes
     * the optimiser's state back into SameDiff's updaters (which checkpoints save).
     */
    public void endEpoch() {
        if (updates != null) {
            updates.forEach(ParameterUpdate::store);
            updates = null;
        }
        graph.sd().getTrainingConfig().incrementEpochCount();
    }

    /** Takes the graph's current parameters and SameDiff's optimiser state (fresh, or restored by a resume). */
    private void bindOptimizer() {
        Map<String, INDArray> params = graph.parameters();
        Map<String, GradientUpdater> updaters = updaters(graph.sd());
        List<ParameterUpdate> bound = new ArrayList<>();
        for (String name : parameterOrder) {
            ParameterUpdate u = ParameterUpdate.of(params.get(name), updaters.get(name));
            u.load();
            bound.add(u);
        }
        updates = bound;
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
        Map<String, INDArray> params = graph.parameters();
        long rows = x.size(0);
        double[][] sums = runSplit(rows, (w, from, to) -> workers[w].evaluateRows(params, rows(x, from, to),
                rows(eps, from, to)));
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
        Map<String, INDArray> params = graph.parameters();
        int n = Math.toIntExact(x.size(0));
        double[][] out = new double[n][];
        runTasks(Math.min(threads, n), t -> {
            for (int i = t; i < n; i += Math.min(threads, n)) {       // images round-robin: each on one worker
                out[i] = workers[t].logWeightsOfImage(params, rows(x, i, i + 1),
                        rows(eps, (long) i * samples, (long) (i + 1) * samples));
            }
            return null;
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

    private static INDArray rows(INDArray a, long from, long to) {
        return from == 0 && to == a.size(0) ? a : a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    /** Work on rows [from, to) by worker w. */
    private interface RowTask {
        double[] run(int worker, long from, long to);
    }

    private double[][] runSplit(long rows, RowTask task) {
        int parts = (int) Math.min(threads, rows);
        double[][] results = new double[parts][];
        runTasks(parts, t -> {
            long from = rows * t / parts;
            long to = rows * (t + 1) / parts;
            results[t] = task.run(t, from, to);
            return null;
        });
        return results;
    }

    /** Task i of n on worker thread i (task 0 on the caller's thread). */
    private interface IndexedTask {
        Void run(int index) throws Exception;
    }

    private void runTasks(int n, IndexedTask task) {
        Throwable failure = team.run(t -> {
            if (t < n) {
                task.run(t);
            }
        });
        if (failure instanceof RuntimeException r) {
            throw r;
        } else if (failure instanceof Error e) {
            throw e;
        } else if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /**
     * A contiguous range {@code [from, to)} of one parameter's values that one thread owns in the second
     * phase of a step: a block of whole rows of a weight, or a whole bias.
     */
    private record Block(int param, int layerIndex, Layer layer, boolean bias, int from, int to) {}

    /**
     * Each weight split by rows into one block per thread (so the threads share every layer's work
     * equally); the biases, which are small, dealt round-robin.
     */
    private List<List<Block>> blockPlan(int n) {
        List<List<Block>> share = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            share.add(new ArrayList<>());
        }
        List<Layer> layers = new ArrayList<>(encoder);
        layers.addAll(decoder);
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            long in = layer.spec().in();
            long out = layer.spec().out();
            int parts = (int) Math.min(n, in);
            for (int t = 0; t < parts; t++) {
                long r0 = in * t / parts;
                long r1 = in * (t + 1) / parts;
                share.get(t).add(new Block(2 * i, i, layer, false, Math.toIntExact(r0 * out), Math.toIntExact(r1 * out)));
            }
            share.get(i % n).add(new Block(2 * i + 1, i, layer, true, 0, Math.toIntExact(out)));
        }
        return share;
    }

    /**
     * SameDiff's per-parameter optimiser state, set up the way {@code fit} sets it up on its first step
     * (through its own protected method, so a resumed checkpoint's state is used as it is).
     */
    static Map<String, GradientUpdater> updaters(SameDiff sd) {
        Map<String, GradientUpdater> map = sd.getUpdaterMap();
        if (map == null || map.isEmpty()) {
            try {
                Method init = SameDiff.class.getDeclaredMethod("initializeTraining");
                init.setAccessible(true);
                init.invoke(sd);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("this ND4J version does not allow setting up SameDiff's optimiser", e);
            }
            map = sd.getUpdaterMap();
        }
        return map;
    }

    // ---------------------------------------------------------------- one worker's passes

    /** One thread's passes, with its own buffers per row count for evaluation. */
    private final class Worker {
        final Map<Long, Buffers> byRows = new HashMap<>();

        Buffers buffers(long rows) {
            return byRows.computeIfAbsent(rows, Buffers::new);
        }

        /**
         * Forward and backward on some rows, in {@code b} (row slices of the step's shared buffers), down to
         * every layer's pre-activation gradient; returns each term's sum over the rows.
         */
        double[] trainRows(Map<String, INDArray> params, Buffers b, INDArray x, INDArray eps, double scale) {
            forward(params, b, x, eps);
            double[] sums = new double[terms.size()];
            INDArray gOut = b.decGrad[decoder.size() - 1];
            boolean outSet = false;                          // gOut holds no contribution yet
            boolean klSet = false;
            for (int t = 0; t < terms.size(); t++) {
                Term term = terms.get(t);
                double f = term.factor() * scale;
                switch (term.form().kind()) {
                    case BERNOULLI_NLL -> {
                        INDArray g = outSet ? b.scratch : gOut;              // d/dl of the Bernoulli NLL: sigmoid(l) - x
                        Transforms.sigmoid(g.assign(b.output()), false).subi(x).muli(f);
                        if (outSet) {
                            gOut.addi(g);
                        }
                        outSet = true;
                        sums[t] = bernoulliNll(b, x).sumNumber().doubleValue();
                    }
                    case GAUSSIAN_NLL -> {
                        double s2 = term.form().sigma() * term.form().sigma();
                        INDArray g = outSet ? b.scratch : gOut;              // (m - x) / sigma^2
                        g.assign(b.output()).subi(x).muli(f / s2);
                        if (outSet) {
                            gOut.addi(g);
                        }
                        outSet = true;
                        sums[t] = gaussianNll(b, x, term.form().sigma()).sumNumber().doubleValue();
                    }
                    case ANALYTIC_KL -> {
                        if (!klSet) {
                            b.gradMean.assign(0);
                            b.gradLogVar.assign(0);
                            klSet = true;
                        }
                        b.small.assign(b.mean).muli(f);                           // d/dmean = mean
                        b.gradMean.addi(b.small);
                        b.small.assign(b.logVar);                                 // d/dlogVar = (exp(logVar) - 1) / 2
                        Transforms.exp(b.small, false).subi(1).muli(0.5 * f);
                        b.gradLogVar.addi(b.small);
                        sums[t] = klToStandardNormal(b).sumNumber().doubleValue();
                    }
                }
            }
            if (!outSet) {
                gOut.assign(0);
            }
            if (!klSet) {
                b.gradMean.assign(0);
                b.gradLogVar.assign(0);
            }
            // decoder backward, down to dLoss/dz
            for (int l = decoder.size() - 1; l >= 0; l--) {
                INDArray inGrad = l == 0 ? b.gradZ : b.decGrad[l - 1];
                backward(params, decoder.get(l), b.decOut[l], b.decGrad[l], inGrad);
            }
            // through z = mean + exp(logVar/2) * eps to the encoder head
            b.gradHeadMean.assign(b.gradZ).addi(b.gradMean);
            b.small.assign(b.gradZ).muli(eps).muli(b.std).muli(0.5);
            b.gradHeadLogVar.assign(b.small).addi(b.gradLogVar);
            for (int l = encoder.size() - 1; l >= 0; l--) {
                INDArray inGrad = l == 0 ? null : b.encGrad[l - 1];
                backward(params, encoder.get(l), b.encOut[l], b.encGrad[l], inGrad);
            }
            return sums;
        }

        /** Forward only; returns each term's sum, then the sums of the likelihood NLL and the KL. */
        double[] evaluateRows(Map<String, INDArray> params, INDArray x, INDArray eps) {
            Buffers b = buffers(x.size(0));
            forward(params, b, x, eps);
            double[] sums = new double[terms.size() + 2];
            for (int t = 0; t < terms.size(); t++) {
                sums[t] = perExample(b, x, terms.get(t).form()).sumNumber().doubleValue();
            }
            sums[terms.size()] = perExample(b, x, likelihood).sumNumber().doubleValue();
            sums[terms.size() + 1] = klToStandardNormal(b).sumNumber().doubleValue();
            return sums;
        }

        /** One image's K log weights. */
        double[] logWeightsOfImage(Map<String, INDArray> params, INDArray x, INDArray eps) {
            Buffers one = buffers(1);
            forwardEncoder(params, one, x);
            Buffers k = buffers(eps.size(0));
            k.z.assign(eps).muliRowVector(one.std).addiRowVector(one.mean);      // z_k = mean + std * eps_k
            forwardDecoder(params, k, k.z);
            INDArray targets = k.scratch2.assign(0).addiRowVector(x);             // the image, once per sample
            INDArray recon = perExample(k, targets, likelihood);
            // log p(z) - log q(z|x) = -1/2 sum(z^2) + 1/2 sum(eps^2 + logVar): the log(2 pi) terms cancel
            INDArray logPz = k.z.mul(k.z).sum(1).muli(-0.5);
            INDArray logQz = eps.mul(eps).sum(1).muli(-0.5).subi(one.logVar.sumNumber().doubleValue() * 0.5);
            return logPz.subi(logQz).subi(recon).castTo(DataType.DOUBLE).toDoubleVector();
        }

        private void forward(Map<String, INDArray> params, Buffers b, INDArray x, INDArray eps) {
            forwardEncoder(params, b, x);
            b.z.assign(b.std).muli(eps).addi(b.mean);
            forwardDecoder(params, b, b.z);
        }

        private void forwardEncoder(Map<String, INDArray> params, Buffers b, INDArray x) {
            INDArray h = x;
            for (int l = 0; l < encoder.size(); l++) {
                h = layerForward(params, encoder.get(l), h, b.encOut[l]);
            }
            b.std.assign(b.logVar).muli(0.5);
            Transforms.exp(b.std, false);
        }

        private void forwardDecoder(Map<String, INDArray> params, Buffers b, INDArray z) {
            INDArray h = z;
            for (int l = 0; l < decoder.size(); l++) {
                h = layerForward(params, decoder.get(l), h, b.decOut[l]);
            }
        }

        private INDArray layerForward(Map<String, INDArray> params, Layer layer, INDArray in, INDArray out) {
            INDArray w = params.get(layer.weightName());
            INDArray bias = params.get(layer.biasName());
            DenseActivation act = layer.spec().activation();
            if (in.size(0) > 1) {
                // one native op per layer where libnd4j has one (x W + b, relu(x W + b)): each op costs dispatch time
                DynamicCustomOp op = act == DenseActivation.RELU ? new ReluLayer(in, w, bias) : new XwPlusB(in, w, bias);
                op.addOutputArgument(out);
                Nd4j.exec(op);
            } else {                                         // libnd4j's xw_plus_b rejects a single row
                Nd4j.gemm(in, w, out, false, false, 1.0, 0.0);
                out.addiRowVector(bias);
                if (act == DenseActivation.RELU) {
                    Transforms.relu(out, false);
                }
            }
            switch (act) {
                case TANH -> Transforms.tanh(out, false);
                case SIGMOID -> Transforms.sigmoid(out, false);
                case RELU, IDENTITY -> { }
            }
            return out;
        }

        /**
         * Back through one layer's activation and matrix product: {@code grad} holds dLoss/d(output) and
         * becomes dLoss/d(pre-activation) (from which the step's second phase computes the parameter
         * gradients); {@code inGrad} (if not null) receives dLoss/d(input).
         */
        private void backward(Map<String, INDArray> params, Layer layer, INDArray out, INDArray grad, INDArray inGrad) {
            switch (layer.spec().activation()) {
                case RELU -> Nd4j.exec(new RectifiedLinearDerivative(out, grad, grad));   // out > 0 exactly where the input was
                case TANH -> grad.muli(out.mul(out).rsubi(1));
                case SIGMOID -> grad.muli(out.rsub(1).muli(out));
                case IDENTITY -> { }
            }
            if (inGrad != null) {
                Nd4j.gemm(grad, params.get(layer.weightName()), inGrad, false, true, 1.0, 0.0);
            }
        }

        private INDArray perExample(Buffers b, INDArray x, DenseLoss form) {
            return switch (form.kind()) {
                case BERNOULLI_NLL -> bernoulliNll(b, x);
                case GAUSSIAN_NLL -> gaussianNll(b, x, form.sigma());
                case ANALYTIC_KL -> klToStandardNormal(b);
            };
        }

        /**
         * relu(l) - l*x + log1p(exp(-|l|)) summed over pixels, per example: libnd4j's sigmoid cross-entropy
         * with no reduction computes exactly this (only its backward pass is wrong, NOTES.md; it is not used).
         */
        private INDArray bernoulliNll(Buffers b, INDArray x) {
            SigmoidCrossEntropyLoss op = new SigmoidCrossEntropyLoss(x, b.output(), null, LossReduce.NONE, 0.0);
            op.addOutputArgument(b.scratch2);
            Nd4j.exec(op);
            return b.scratch2.sum(1);
        }

        /** (x - m)^2 / (2 sigma^2) summed over pixels, plus d (log sigma + log(2 pi)/2), per example. */
        private INDArray gaussianNll(Buffers b, INDArray x, double sigma) {
            INDArray d = b.scratch2.assign(b.output()).subi(x);
            return d.muli(d).sum(1).muli(1.0 / (2 * sigma * sigma)).addi(inputDim * (Math.log(sigma) + 0.5 * LOG_2PI));
        }

        /** KL(N(mean, exp(logVar)) || N(0, I)) = 1/2 sum(exp(logVar) + mean^2 - 1 - logVar), per example. */
        private INDArray klToStandardNormal(Buffers b) {
            INDArray v = b.small2.assign(b.logVar);
            Transforms.exp(v, false).addi(b.mean.mul(b.mean)).subi(1).subi(b.logVar);
            return v.sum(1).muli(0.5);
        }
    }

    /** Activations and their gradients for one row count. */
    private final class Buffers {
        final INDArray[] encOut;
        final INDArray[] encGrad;
        final INDArray[] decOut;
        final INDArray[] decGrad;
        final INDArray mean;
        final INDArray logVar;
        final INDArray gradHeadMean;
        final INDArray gradHeadLogVar;
        final INDArray std;
        final INDArray z;
        final INDArray gradZ;
        final INDArray gradMean;
        final INDArray gradLogVar;
        final INDArray small;
        final INDArray small2;
        final INDArray scratch;
        final INDArray scratch2;

        /** Row slice {@code [from, to)} of {@code full}: views, so the passes write into the shared arrays. */
        Buffers(Buffers full, long from, long to) {
            encOut = slice(full.encOut, from, to);
            encGrad = slice(full.encGrad, from, to);
            decOut = slice(full.decOut, from, to);
            decGrad = slice(full.decGrad, from, to);
            mean = columns(encOut[encoder.size() - 1], 0);
            logVar = columns(encOut[encoder.size() - 1], latent);
            gradHeadMean = columns(encGrad[encoder.size() - 1], 0);
            gradHeadLogVar = columns(encGrad[encoder.size() - 1], latent);
            std = rowsOf(full.std, from, to);
            z = rowsOf(full.z, from, to);
            gradZ = rowsOf(full.gradZ, from, to);
            gradMean = rowsOf(full.gradMean, from, to);
            gradLogVar = rowsOf(full.gradLogVar, from, to);
            small = rowsOf(full.small, from, to);
            small2 = rowsOf(full.small2, from, to);
            scratch = rowsOf(full.scratch, from, to);
            scratch2 = rowsOf(full.scratch2, from, to);
        }

        private static INDArray[] slice(INDArray[] arrays, long from, long to) {
            INDArray[] out = new INDArray[arrays.length];
            for (int i = 0; i < arrays.length; i++) {
                out[i] = rowsOf(arrays[i], from, to);
            }
            return out;
        }

        private static INDArray rowsOf(INDArray a, long from, long to) {
            return a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
        }

        private INDArray columns(INDArray head, long from) {
            return head.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + latent));
        }

        Buffers(long rows) {
            encOut = new INDArray[encoder.size()];
            encGrad = new INDArray[encoder.size()];
            for (int l = 0; l < encoder.size(); l++) {
                encOut[l] = Nd4j.create(DataType.FLOAT, rows, encoder.get(l).spec().out());
                encGrad[l] = Nd4j.create(DataType.FLOAT, rows, encoder.get(l).spec().out());
            }
            decOut = new INDArray[decoder.size()];
            decGrad = new INDArray[decoder.size()];
            for (int l = 0; l < decoder.size(); l++) {
                decOut[l] = Nd4j.create(DataType.FLOAT, rows, decoder.get(l).spec().out());
                decGrad[l] = Nd4j.create(DataType.FLOAT, rows, decoder.get(l).spec().out());
            }
            INDArray head = encOut[encoder.size() - 1];
            INDArray headGrad = encGrad[encoder.size() - 1];
            mean = head.get(NDArrayIndex.all(), NDArrayIndex.interval(0, latent));
            logVar = head.get(NDArrayIndex.all(), NDArrayIndex.interval(latent, 2L * latent));
            gradHeadMean = headGrad.get(NDArrayIndex.all(), NDArrayIndex.interval(0, latent));
            gradHeadLogVar = headGrad.get(NDArrayIndex.all(), NDArrayIndex.interval(latent, 2L * latent));
            std = Nd4j.create(DataType.FLOAT, rows, latent);
            z = Nd4j.create(DataType.FLOAT, rows, latent);
            gradZ = Nd4j.create(DataType.FLOAT, rows, latent);
            gradMean = Nd4j.create(DataType.FLOAT, rows, latent);
            gradLogVar = Nd4j.create(DataType.FLOAT, rows, latent);
            small = Nd4j.create(DataType.FLOAT, rows, latent);
            small2 = Nd4j.create(DataType.FLOAT, rows, latent);
            scratch = Nd4j.create(DataType.FLOAT, rows, inputDim);
            scratch2 = Nd4j.create(DataType.FLOAT, rows, inputDim);
        }

        INDArray output() {
            return decOut[decoder.size() - 1];
        }
    }

    /** A training batch size's shared buffers and each thread's row slice of them. */
    private final class TrainBuffers {
        final Buffers full;
        final Buffers[] slices;
        final long[] from;
        final long[] to;

        TrainBuffers(long rows) {
            full = new Buffers(rows);
            int parts = (int) Math.min(threads, rows);     // a batch smaller than the thread count uses fewer
            slices = new Buffers[parts];
            from = new long[parts];
            to = new long[parts];
            for (int t = 0; t < parts; t++) {
                from[t] = rows * t / parts;
                to[t] = rows * (t + 1) / parts;
                slices[t] = new Buffers(full, from[t], to[t]);
            }
        }
    }

    @Override
    public String toString() {
        return "dense engine (" + threads + " thread" + (threads == 1 ? "" : "s") + ", " + encoder.size() + "+"
                + decoder.size() + " layers)";
    }
}
