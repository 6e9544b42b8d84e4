package org.vaelab.experiments.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vaelab.api.Seeds;
import org.vaelab.api.data.DataSplit;
import org.vaelab.api.data.Dataset;
import org.vaelab.engine.CompiledEngine;
import org.vaelab.engine.Engine;
import org.vaelab.engine.EngineChoice;
import org.vaelab.engine.batch.BatchIterator;
import org.vaelab.engine.batch.Evaluator;
import org.vaelab.engine.graph.ModelComponents;
import org.vaelab.engine.graph.VaeGraph;
import org.vaelab.experiments.config.ExperimentConfig;
import org.vaelab.experiments.plugins.Framework;
import org.vaelab.experiments.run.Environment;
import org.vaelab.experiments.runner.ExperimentRunner;
import org.vaelab.experiments.train.Progress;
import org.vaelab.experiments.train.TrainingLoop;

/**
 * Times a config's model the way {@code vaelab train} runs it, without a run directory: a warm-up of a
 * few steps on a throw-away copy of the model (as the PyTorch reference does), then {@code epochs} full
 * training epochs of the real model (seeded exactly as {@code train} seeds it, so its test negative ELBO
 * is the one {@code train} reports after as many epochs: a speed-up that changes it is a bug), then
 * the negative ELBO over the test split. Reports images/s, counted FLOPs ({@link FlopCount}) and achieved
 * GFLOP/s against an in-process matmul rate ({@link MatmulRate}), peak RSS and the thread settings.
 */
public final class Benchmark {

    /**
     * @param epochs timed training epochs
     * @param warmupSteps training steps on a throw-away model before timing (and one evaluation batch)
     * @param threads ND4J and BLAS threads to set ({@code setMaxThreads}, {@code setMaxMasterThreads}, BLAS
     *     {@code setMaxThreads}); 0 leaves them as the process started (OMP_NUM_THREADS)
     * @param matmulSeconds target seconds of one matmul measurement; 0 skips the matmul rate
     * @param matmulSizes the {@code {m, k, n}} products to time
     * @param iwaeSamples importance samples K of a timed IWAE evaluation after the ELBO; 0 skips it
     * @param iwaeImages test images the IWAE evaluation scores (the first ones); 0 means all
     * @param profile also time each op type of a compiled training step ({@code --profile})
     * @param evalRepeats times the test-split evaluation is timed; its figure is the median (a pass over
     *     10 000 images takes a fifth of a second, which a busy machine distorts easily)
     */
    public record Settings(int epochs, int warmupSteps, int threads, double matmulSeconds, List<int[]> matmulSizes,
            int iwaeSamples, long iwaeImages, int evalRepeats, boolean profile) {

        /** The products timed by default: the MLP's first layer at batch 128, and a large square one. */
        public static final List<int[]> DEFAULT_MATMULS = List.of(new int[] {128, 784, 512}, new int[] {2048, 2048, 2048});

        /** Checks the ranges. */
        public Settings {
            if (epochs < 1 || warmupSteps < 0 || threads < 0 || matmulSeconds < 0 || iwaeSamples < 0 || iwaeImages < 0
                    || evalRepeats < 1) {
                throw new IllegalArgumentException("epochs, evaluation repeats >= 1; warm-up steps, threads, matmul seconds,"
                        + " IWAE samples and images >= 0");
            }
            matmulSizes = List.copyOf(matmulSizes);
        }
    }

    /** Rows (images x samples) per IWAE forward pass, as {@code train} uses. */
    private static final int IWAE_ROWS = 20_000;

    private final Framework framework;
    private final PrintStream out;

    /**
     * @param framework the started framework
     * @param out progress lines (data loaded, each epoch)
     */
    public Benchmark(Framework framework, PrintStream out) {
        this.framework = framework;
        this.out = out;
    }

    /**
     * Sets ND4J's and the BLAS library's thread counts.
     *
     * @param threads threads; 0 leaves the settings alone
     */
    public static void applyThreads(int threads) {
        if (threads > 0) {
            Nd4j.getEnvironment().setMaxThreads(threads);
            Nd4j.getEnvironment().setMaxMasterThreads(threads);
            Nd4j.factory().blas().setMaxThreads(threads);
        }
    }

    /**
     * @param config the validated config
     * @param settings what to run
     * @return the figures (JSON-ready: maps, lists, numbers, strings)
     */
    public Map<String, Object> run(ExperimentConfig config, Settings settings) {
        applyThreads(settings.threads());
        ExperimentRunner runner = new ExperimentRunner(framework, out, Progress.silent());
        ModelComponents components = runner.createComponents(config);
        long seed = config.seed();
        long t0 = System.nanoTime();
        Dataset data = runner.createDataSource(config).load(Seeds.derive(seed, "data"));
        double loadSeconds = seconds(t0);
        var shape = data.info().shape();
        int latent = config.model().latentDim();
        int batch = config.training().batchSize();
        out.printf(Locale.ROOT, "data: %s, %d train / %d test images (%.1f s)%n", data.info().description(),
                data.train().size(), data.test().size(), loadSeconds);

        // warm-up: a throw-away model, so the timed model starts from the same state as in `train`
        t0 = System.nanoTime();
        if (settings.warmupSteps() > 0) {
            VaeGraph warm = VaeGraph.build(components, shape, latent, Seeds.derive(seed, "bench.warmup"));
            long n = Math.min(data.train().size(), (long) settings.warmupSteps() * batch);
            DataSplit subset = new DataSplit(data.train().images().get(NDArrayIndex.interval(0, n), NDArrayIndex.all()), null, null);
            try (Engine warmEngine = EngineChoice.choose(warm, config.training().engine(), config.training().threads())) {
                TrainingLoop loop = new TrainingLoop(warmEngine, subset, shape, config.training(), seed, m -> { },
                        Progress.silent());
                loop.prepare();
                loop.trainEpoch(0);
                int evalBatch = config.evaluation().batchSize();
                long m = Math.min(data.test().size(), evalBatch);
                Evaluator.evaluate(warmEngine, new DataSplit(data.test().images().get(NDArrayIndex.interval(0, m),
                        NDArrayIndex.all()), null, null), evalBatch, 1, "warm/");
            }
        }
        double warmupSeconds = seconds(t0);

        VaeGraph graph = VaeGraph.build(components, shape, latent, Seeds.derive(seed, "model.init"));
        FlopCount flops = FlopCount.of(graph.parameters(), FlopCount.convolutions(graph));
        Engine engine = EngineChoice.choose(graph, config.training().engine(), config.training().threads());
        out.println("engine: " + engine.description());
        TrainingLoop loop = new TrainingLoop(engine, data.train(), shape, config.training(), seed, m -> { }, Progress.silent());
        t0 = System.nanoTime();
        loop.prepare();
        double prepareSeconds = seconds(t0);
        List<Double> epochSeconds = new ArrayList<>();
        double trainLoss = Double.NaN;
        for (int e = 0; e < settings.epochs(); e++) {
            t0 = System.nanoTime();
            Map<String, Double> summary = loop.trainEpoch(e);
            epochSeconds.add(seconds(t0));
            trainLoss = summary.get("train/" + VaeGraph.LOSS_TOTAL);
            out.printf(Locale.ROOT, "epoch %d/%d: %.2f s, %.0f img/s, train loss %.3f%n", e + 1, settings.epochs(),
                    epochSeconds.get(e), data.train().size() / epochSeconds.get(e), trainLoss);
        }
        Map<String, Double> profile = null;
        if (settings.profile() && engine instanceof CompiledEngine compiled) {
            BatchIterator batches = new BatchIterator(data.train().images(), shape, batch, latent,
                    new java.util.SplittableRandom(1), 2L, components.corruption(), 3L).feeding(engine.graph().inputs(), 0);
            profile = compiled.profile(batches.next(), 20);
            printProfile("time per training step by op type (microseconds; \"(nd4j)\": ND4J's kernel, not the engine's):",
                    profile);
            long rows = Math.min(data.test().size(), config.evaluation().batchSize());
            INDArray x = data.test().images().get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
            Nd4j.getRandom().setSeed(1);
            Map<String, Double> evalProfile = compiled.profileEvaluation(x,
                    Nd4j.randn(engine.graph().context().dataType(), rows, latent), 20);
            printProfile("time per evaluation of " + rows + " test images by op type (microseconds):", evalProfile);
            for (Map.Entry<String, Double> e : evalProfile.entrySet()) {
                profile.put("eval " + e.getKey(), e.getValue());
            }
        }
        Map<String, Double> test = null;
        List<Double> evalRuns = new ArrayList<>();
        for (int i = 0; i < settings.evalRepeats(); i++) {      // the same evaluation each time (same noise)
            t0 = System.nanoTime();
            test = Evaluator.evaluate(engine, data.test(), config.evaluation().batchSize(),
                    Seeds.derive(seed, "eval.noise"), "");
            evalRuns.add(seconds(t0));
        }
        double evalSeconds = median(evalRuns);

        Map<String, Object> iwae = null;
        if (settings.iwaeSamples() > 0) {
            long m = settings.iwaeImages() == 0 ? data.test().size() : Math.min(settings.iwaeImages(), data.test().size());
            DataSplit part = new DataSplit(data.test().images().get(NDArrayIndex.interval(0, m), NDArrayIndex.all()), null, null);
            t0 = System.nanoTime();
            double nll = Evaluator.iwaeNegLogLikelihood(engine, part, settings.iwaeSamples(), IWAE_ROWS, Seeds.derive(seed, "eval.iwae"));
            double s = seconds(t0);
            iwae = new LinkedHashMap<>();
            iwae.put("samples", settings.iwaeSamples());
            iwae.put("images", m);
            iwae.put("seconds", round(s, 4));
            iwae.put("imagesPerSec", round(m / s, 2));
            iwae.put("samplesPerSec", round(m * (double) settings.iwaeSamples() / s, 1));
            iwae.put("gflops", round(m * (double) settings.iwaeSamples() * flops.forwardPerImage() / s / 1e9, 3));
            iwae.put("negLogLikelihood", round(nll, 4));
            out.printf(Locale.ROOT, "IWAE K=%d over %d test images: %.2f s, -log p(x) %.3f%n", settings.iwaeSamples(), m, s, nll);
        }
        engine.close();                        // its threads stop before the matmul rate is timed

        Map<String, Double> matmul = new LinkedHashMap<>();
        if (settings.matmulSeconds() > 0) {
            for (int[] s : settings.matmulSizes()) {
                matmul.put(s[0] + "x" + s[1] + "x" + s[2], round(MatmulRate.gflops(s[0], s[1], s[2], settings.matmulSeconds()), 2));
            }
        }
        double matmulBest = matmul.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);

        double trainTotal = epochSeconds.stream().mapToDouble(Double::doubleValue).sum();
        double trainRate = data.train().size() * settings.epochs() / trainTotal;
        double evalRate = data.test().size() / evalSeconds;
        double trainGflops = trainRate * flops.trainPerImage() / 1e9;
        double evalGflops = evalRate * flops.forwardPerImage() / 1e9;

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("config", config.name());
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("parameters", graph.parameterCount());
        model.put("latentDim", latent);
        model.put("graphOps", graph.sd().ops().length);        // forward graph: training objective and eval outputs
        var grad = graph.sd().getFunction("grad");
        model.put("gradientGraphOps", grad == null ? 0 : grad.ops().length);   // forward + backward, as fit runs it
        r.put("model", model);
        r.put("engine", engine.description());
        if (profile != null) {
            r.put("profileMicros", profile);
        }
        r.put("batchSize", batch);
        r.put("nTrain", data.train().size());
        r.put("nTest", data.test().size());
        r.put("dataLoadSeconds", round(loadSeconds, 3));
        r.put("warmupSteps", settings.warmupSteps());
        r.put("warmupSeconds", round(warmupSeconds, 3));
        r.put("prepareSeconds", round(prepareSeconds, 3));
        Map<String, Object> train = new LinkedHashMap<>();
        train.put("epochs", settings.epochs());
        train.put("epochSeconds", epochSeconds.stream().map(s -> round(s, 4)).toList());
        train.put("imagesPerSec", round(trainRate, 1));
        train.put("gflops", round(trainGflops, 3));
        train.put("fractionOfMatmul", Double.isNaN(matmulBest) ? null : round(trainGflops / matmulBest, 4));
        train.put("lastLoss", round(trainLoss, 4));
        r.put("train", train);
        Map<String, Object> eval = new LinkedHashMap<>();
        eval.put("batchSize", config.evaluation().batchSize());
        eval.put("seconds", round(evalSeconds, 4));
        eval.put("repeatSeconds", evalRuns.stream().map(v -> round(v, 4)).toList());
        eval.put("imagesPerSec", round(evalRate, 1));
        eval.put("gflops", round(evalGflops, 3));
        eval.put("fractionOfMatmul", Double.isNaN(matmulBest) ? null : round(evalGflops / matmulBest, 4));
        eval.put("negElbo", round(test.get("negElbo"), 4));
        r.put("eval", eval);
        if (iwae != null) {
            r.put("iwae", iwae);
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("forwardPerImage", flops.forwardPerImage());
        f.put("trainPerImage", flops.trainPerImage());
        f.put("countedWeights", flops.countedWeights());
        f.put("uncounted", flops.uncounted());
        r.put("flops", f);
        r.put("matmulGflops", matmul);
        r.put("peakRssMiB", round(PeakMemory.peakRssMiB(), 1));
        r.put("threads", Environment.threads());
        r.put("versions", Environment.versions());
        r.put("nativeLibraries", Environment.nativeLibraries());
        Map<String, Object> machine = Environment.machine();
        machine.remove("host");
        r.put("machine", machine);
        return r;
    }

    /**
     * A few lines for people.
     *
     * @param r the figures from {@link #run}
     * @return the text
     */
    @SuppressWarnings("unchecked")
    public static String describe(Map<String, Object> r) {
        Map<String, Object> train = (Map<String, Object>) r.get("train");
        Map<String, Object> eval = (Map<String, Object>) r.get("eval");
        Map<String, Object> f = (Map<String, Object>) r.get("flops");
        Map<String, Object> threads = (Map<String, Object>) r.get("threads");
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "train: %s img/s over %s epoch(s) at batch %s (%s GFLOP/s, %s of matmul)%n",
                train.get("imagesPerSec"), train.get("epochs"), r.get("batchSize"), train.get("gflops"),
                percent(train.get("fractionOfMatmul"))));
        sb.append(String.format(Locale.ROOT, "eval:  %s img/s, test -ELBO %s nats (%s GFLOP/s, %s of matmul)%n",
                eval.get("imagesPerSec"), eval.get("negElbo"), eval.get("gflops"), percent(eval.get("fractionOfMatmul"))));
        if (r.get("iwae") instanceof Map<?, ?> iwae) {
            sb.append(String.format(Locale.ROOT, "IWAE:  K=%s, %s test img/s (%s samples/s, %s GFLOP/s), -log p(x) %s nats%n",
                    iwae.get("samples"), iwae.get("imagesPerSec"), iwae.get("samplesPerSec"), iwae.get("gflops"),
                    iwae.get("negLogLikelihood")));
        }
        sb.append(String.format(Locale.ROOT, "flops: %.3f MFLOP/image forward, %.3f training (matrix products only%s)%n",
                ((Number) f.get("forwardPerImage")).doubleValue() / 1e6, ((Number) f.get("trainPerImage")).doubleValue() / 1e6,
                ((List<?>) f.get("uncounted")).isEmpty() ? "" : "; uncounted: " + f.get("uncounted")));
        sb.append("matmul GFLOP/s: ").append(r.get("matmulGflops")).append('\n');
        sb.append(String.format(Locale.ROOT, "peak RSS: %s MiB%n", r.get("peakRssMiB")));
        sb.append("threads: ").append(threads).append('\n');
        return sb.toString();
    }

    private void printProfile(String title, Map<String, Double> micros) {
        out.println(title);
        micros.forEach((op, us) -> out.printf(Locale.ROOT, "  %-28s %9.1f%n", op, us));
    }

    private static String percent(Object fraction) {
        return fraction == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", ((Number) fraction).doubleValue() * 100);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static double round(double v, int digits) {
        if (!Double.isFinite(v)) {
            return v;
        }
        double s = Math.pow(10, digits);
        return Math.round(v * s) / s;
    }
}
