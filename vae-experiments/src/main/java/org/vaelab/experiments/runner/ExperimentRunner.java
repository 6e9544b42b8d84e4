package org.vaelab.experiments.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vaelab.api.ComponentKind;
import org.vaelab.api.ComponentRegistration;
import org.vaelab.api.ComponentSpec;
import org.vaelab.api.Seeds;
import org.vaelab.api.UserInputException;
import org.vaelab.api.corruption.Corruption;
import org.vaelab.api.data.DataSource;
import org.vaelab.api.data.Dataset;
import org.vaelab.api.loss.LossSpec;
import org.vaelab.api.loss.LossTerm;
import org.vaelab.api.model.Decoder;
import org.vaelab.api.model.Encoder;
import org.vaelab.api.model.Prior;
import org.vaelab.experiments.config.ConfigLoader;
import org.vaelab.experiments.config.ExperimentConfig;
import org.vaelab.experiments.eval.RobustnessEvaluator;
import org.vaelab.experiments.graph.ModelComponents;
import org.vaelab.experiments.engine.Engine;
import org.vaelab.experiments.engine.EngineChoice;
import org.vaelab.experiments.graph.VaeGraph;
import org.vaelab.experiments.plugins.Framework;
import org.vaelab.experiments.run.AtomicFiles;
import org.vaelab.experiments.run.Environment;
import org.vaelab.experiments.run.FreshDirectory;
import org.vaelab.experiments.run.ImageGrid;
import org.vaelab.experiments.run.MetricsLog;
import org.vaelab.experiments.run.Provenance;
import org.vaelab.experiments.train.Evaluator;
import org.vaelab.experiments.train.Progress;
import org.vaelab.experiments.train.TrainingLoop;

/**
 * Runs one experiment into a new run directory:
 * <pre>
 * runs/&lt;UTC time&gt;_&lt;name&gt;_&lt;config sha8&gt;/
 *   config.json       resolved config, canonical (sorted keys, defaults filled in)
 *   provenance.json   seeds, git, versions, threads, machine, data checksum, plugins, engine, times, status
 *   metrics.jsonl     a line every logEvery steps and one per evaluated epoch
 *   summary.json      final metrics
 *   checkpoint/       model.fb (parameters + optimiser state), state.json (epochs done, steps)
 *   images/           reconstructions.png, samples.png
 * </pre>
 */
public final class ExperimentRunner {

    private final Framework framework;
    private final ConfigLoader loader;
    private final PrintStream out;
    private final Progress progress;

    /**
     * @param framework the started framework
     * @param out where to print what happens (the run directory, a line per epoch)
     * @param progress progress output during epochs
     */
    public ExperimentRunner(Framework framework, PrintStream out, Progress progress) {
        this.framework = framework;
        this.loader = new ConfigLoader(framework);
        this.out = out;
        this.progress = progress;
    }

    /**
     * @param config the validated config
     * @param outputRoot the folder that holds run directories
     * @param command the command line, for provenance
     * @return the finished run
     */
    public RunResult run(ExperimentConfig config, Path outputRoot, List<String> command) {
        String sha = loader.sha256(config);
        Path dir = FreshDirectory.create(outputRoot, config.name() + "_" + sha.substring(0, 8), "run");
        AtomicFiles.writeString(dir.resolve("config.json"), loader.toCanonicalJson(config));
        out.println("run directory: " + dir);
        return execute(dir, config, command, null, null, null);
    }

    /**
     * Continues a run that stopped (failed or killed) from its last checkpoint, in its own directory:
     * {@code metrics.jsonl} loses the lines after the checkpoint, and the run then produces the same
     * numbers as if it had never stopped.
     *
     * @param dir the run directory
     * @param command the command line, recorded as the resume
     * @return the finished run
     */
    public RunResult resume(Path dir, List<String> command) {
        if (!Files.isRegularFile(dir.resolve("config.json")) || !Files.isRegularFile(dir.resolve("provenance.json"))) {
            throw new UserInputException(dir + " is not a run directory (no config.json and provenance.json)");
        }
        JsonNode previous;
        ExperimentConfig config;
        try {
            previous = framework.json().readTree(dir.resolve("provenance.json").toFile());
            config = loader.fromTree(framework.json().readTree(dir.resolve("config.json").toFile()),
                    dir.resolve("config.json").toString());
        } catch (java.io.IOException e) {
            throw new UserInputException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        if ("completed".equals(previous.path("status").asText())) {
            throw new UserInputException(dir + " is already completed; a finished run is never changed (train a new "
                    + "run with --set training.epochs=N to train longer)");
        }
        if (!loader.sha256(config).equals(previous.path("configSha256").asText())) {
            throw new UserInputException(dir.resolve("config.json") + " no longer matches the configSha256 in provenance.json");
        }
        Checkpoint checkpoint = Checkpoint.read(dir, framework.json());
        out.printf(Locale.ROOT, "resuming %s after epoch %d (step %d)%n", dir, checkpoint.epochsCompleted(),
                checkpoint.steps());
        keepMetricsUpTo(dir.resolve("metrics.jsonl"), checkpoint.steps());
        List<String> original = new ArrayList<>();
        previous.path("command").forEach(c -> original.add(c.asText()));
        String resumedFrom = "epoch " + checkpoint.epochsCompleted() + " (step " + checkpoint.steps() + ") by "
                + String.join(" ", command) + " at " + now();
        return execute(dir, config, original, checkpoint, resumedFrom, previous);
    }

    private RunResult execute(Path dir, ExperimentConfig config, List<String> command, Checkpoint checkpoint,
            String resumedFrom, JsonNode previous) {
        long seed = config.seed();
        Map<String, Long> seeds = new LinkedHashMap<>();
        seeds.put("data", Seeds.derive(seed, "data"));
        seeds.put("model.init", Seeds.derive(seed, "model.init"));
        seeds.put("data.shuffle", Seeds.derive(seed, "data.shuffle"));
        seeds.put("noise.eps", Seeds.derive(seed, "noise.eps"));
        seeds.put("corruption", Seeds.derive(seed, "corruption"));
        seeds.put("eval.noise", Seeds.derive(seed, "eval.noise"));
        seeds.put("eval.corruption", Seeds.derive(seed, "eval.corruption"));
        seeds.put("eval.iwae", Seeds.derive(seed, "eval.iwae"));
        seeds.put("samples", Seeds.derive(seed, "samples"));

        List<Map<String, String>> plugins = new ArrayList<>();
        ModelComponents components = createComponents(config, plugins);
        DataSource source = create(ComponentKind.DATA, config.data(), DataSource.class, plugins);
        Corruption evalCorruption = config.evaluation().corruption() == null ? components.corruption()
                : create(ComponentKind.CORRUPTION, config.evaluation().corruption(), Corruption.class, plugins);

        String started = previous == null ? now() : previous.path("startedAt").asText();
        Provenance provenance = new Provenance(dir.getFileName().toString(), loader.sha256(config), seed, seeds,
                Environment.git(Path.of("").toAbsolutePath()), Environment.versions(), Environment.threads(),
                Environment.machine(), Map.of(), plugins, Map.of(), command, resumedFrom, started, null, "running", null);
        writeProvenance(dir, provenance);
        Provenance[] current = {provenance};
        try (MetricsLog metrics = new MetricsLog(dir.resolve("metrics.jsonl"), framework.json())) {
            long t0 = System.nanoTime();
            out.println("loading data: " + framework.registry().registrationFor(ComponentKind.DATA, config.data().getClass()).type());
            Dataset data = source.load(seeds.get("data"));
            out.printf(Locale.ROOT, "data: %s, %d train / %d test images of %s (%.1f s)%n", data.info().description(),
                    data.train().size(), data.test().size(), data.info().shape(), (System.nanoTime() - t0) / 1e9);
            Map<String, Object> dataRecord = dataProvenance(data);
            if (previous != null && !previous.path("data").path("sha256").asText().equals(dataRecord.get("sha256"))) {
                throw new UserInputException("the data differ from those the run started with (SHA-256 "
                        + dataRecord.get("sha256") + ", was " + previous.path("data").path("sha256").asText()
                        + "); resuming would not continue the same run");
            }
            current[0] = current[0].withData(dataRecord);
            writeProvenance(dir, current[0]);

            Map<String, Object> summary = train(config, dir, data, components, evalCorruption, seeds, metrics, checkpoint,
                    engine -> {
                        current[0] = current[0].withEngine(engine.name(), engine.description());
                        writeProvenance(dir, current[0]);
                    });
            AtomicFiles.writeString(dir.resolve("summary.json"), json(summary));
            writeProvenance(dir, current[0].finish("completed", now(), null));
            out.println("finished: " + dir);
            return new RunResult(dir, summary);
        } catch (RuntimeException | Error e) {
            String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            writeProvenance(dir, current[0].finish("failed", now(), message));
            throw e;
        }
    }

    /** Drops the lines logged after the checkpoint (the epoch that was cut short), atomically. */
    private void keepMetricsUpTo(Path file, long steps) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            StringBuilder kept = new StringBuilder();
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = framework.json().readTree(line);
                } catch (java.io.IOException e) {
                    continue;                                   // a line cut off by the crash
                }
                if (node.path("step").asLong(Long.MAX_VALUE) <= steps) {
                    kept.append(line).append('\n');
                }
            }
            AtomicFiles.writeString(file, kept.toString());
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private Map<String, Object> train(ExperimentConfig config, Path dir, Dataset data, ModelComponents components,
            Corruption evalCorruption, Map<String, Long> seeds, MetricsLog metrics, Checkpoint checkpoint,
            java.util.function.Consumer<Engine> engineChosen) {
        VaeGraph graph = VaeGraph.build(components, data.info().shape(), config.model().latentDim(), seeds.get("model.init"));
        try (Engine engine = EngineChoice.choose(graph, config.training())) {
            engineChosen.accept(engine);
            return trainWith(config, dir, data, evalCorruption, seeds, metrics, checkpoint, graph, engine);
        }
    }

    private Map<String, Object> trainWith(ExperimentConfig config, Path dir, Dataset data, Corruption evalCorruption,
            Map<String, Long> seeds, MetricsLog metrics, Checkpoint checkpoint, VaeGraph graph, Engine engine) {
        long seed = config.seed();
        out.printf(Locale.ROOT, "model: %,d parameters; losses: %s; engine: %s%n", graph.parameterCount(),
                String.join(", ", graph.termMetricNames()), engine.description());
        TrainingLoop loop = new TrainingLoop(engine, data.train(), data.info().shape(), config.training(), seed,
                metrics::append, progress);
        int firstEpoch = 0;
        if (checkpoint != null) {
            checkpoint.restoreParameters(graph);
        }
        loop.prepare();
        if (checkpoint != null) {
            checkpoint.restoreOptimizerState(graph);
            loop.setStep(checkpoint.steps());
            firstEpoch = checkpoint.epochsCompleted();
        }
        int epochs = config.training().epochs();
        Map<String, Double> lastTrain = Map.of();
        Map<String, Double> lastTest = Map.of();
        RobustnessEvaluator.Result robustness = null;
        long started = System.nanoTime();
        for (int epoch = firstEpoch; epoch < epochs; epoch++) {
            long t0 = System.nanoTime();
            lastTrain = loop.trainEpoch(epoch);
            double seconds = (System.nanoTime() - t0) / 1e9;
            boolean last = epoch == epochs - 1;
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("step", loop.step());
            line.put("epoch", epoch + 1);
            line.putAll(lastTrain);
            line.put("train/epochSeconds", seconds);
            if ((epoch + 1) % config.evaluation().everyEpochs() == 0 || last) {
                lastTest = Evaluator.evaluate(engine, data.test(), config.evaluation().batchSize(),
                        seeds.get("eval.noise"), "test/");
                line.putAll(lastTest);
                if (evalCorruption != null) {
                    robustness = RobustnessEvaluator.evaluate(graph, data.test(), data.info().shape(), evalCorruption,
                            config.evaluation().batchSize(), seeds.get("eval.corruption"), 8);
                    robustness.metrics().forEach((k, v) -> line.put("test/" + k, v));
                }
            }
            metrics.append(line);
            out.printf(Locale.ROOT, "epoch %d/%d  train loss %.3f%s%s  %.1f s  %.0f img/s%n", epoch + 1, epochs,
                    lastTrain.get("train/" + VaeGraph.LOSS_TOTAL),
                    lastTest.isEmpty() ? "" : String.format(Locale.ROOT, "  test -ELBO %.3f", lastTest.get("test/negElbo")),
                    robustness == null ? "" : String.format(Locale.ROOT, "  PSNR from corrupted %.2f dB (input %.2f dB)",
                            robustness.metrics().get("corrupted/psnr"), robustness.metrics().get("corrupted/inputPsnr")),
                    seconds, lastTrain.get("train/imagesPerSec"));
            if ((epoch + 1) % config.training().checkpointEvery() == 0 || last) {
                saveCheckpoint(dir, graph, epoch + 1, loop.step());
            }
        }
        if (lastTest.isEmpty()) {       // resumed after the last epoch's checkpoint: nothing left to train
            lastTest = Evaluator.evaluate(engine, data.test(), config.evaluation().batchSize(), seeds.get("eval.noise"), "test/");
            if (evalCorruption != null) {
                robustness = RobustnessEvaluator.evaluate(graph, data.test(), data.info().shape(), evalCorruption,
                        config.evaluation().batchSize(), seeds.get("eval.corruption"), 8);
            }
        }
        int k = config.evaluation().iwaeSamples();
        if (k > 0) {
            long t0 = System.nanoTime();
            double nll = Evaluator.iwaeNegLogLikelihood(engine, data.test(), k, 20_000, seeds.get("eval.iwae"));
            lastTest = new LinkedHashMap<>(lastTest);
            lastTest.put("test/iwaeNll", nll);
            lastTest.put("test/iwaeSamples", (double) k);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("step", loop.step());
            line.put("epoch", epochs);
            line.put("test/iwaeNll", nll);
            line.put("test/iwaeSamples", k);
            metrics.append(line);
            out.printf(Locale.ROOT, "test -log p(x) (IWAE, K=%d) %.3f  (%.1f s)%n", k, nll, (System.nanoTime() - t0) / 1e9);
        }
        List<String> images = writeImages(config, dir, graph, data, seeds);
        if (robustness != null) {
            // rows: clean images, their corrupted inputs, the reconstructions from the corrupted inputs
            INDArray triples = Nd4j.vstack(robustness.clean(), robustness.corrupted(), robustness.reconstructed());
            ImageGrid.save(triples, data.info().shape(), (int) robustness.clean().size(0),
                    dir.resolve("images").resolve("corruption.png"));
            images.add("images/corruption.png");
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("runId", dir.getFileName().toString());
        summary.put("epochs", epochs);
        summary.put("steps", loop.step());
        summary.put("engine", engine.description());
        summary.put("parameters", graph.parameterCount());
        summary.put("trainSeconds", (System.nanoTime() - started) / 1e9);
        summary.put("train", stripPrefix(lastTrain, "train/"));
        summary.put("test", stripPrefix(lastTest, "test/"));
        if (robustness != null) {
            summary.put("robustness", robustness.metrics());
        }
        summary.put("images", images);
        return summary;
    }

    private List<String> writeImages(ExperimentConfig config, Path dir, VaeGraph graph, Dataset data, Map<String, Long> seeds) {
        Path images = dir.resolve("images");
        try {
            Files.createDirectories(images);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> written = new ArrayList<>();
        var shape = data.info().shape();
        int n = (int) Math.min(config.evaluation().reconstructions(), data.test().size());
        if (n > 0) {
            int columns = Math.min(n, 8);
            INDArray x = data.test().images().get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
            INDArray eps = Nd4j.zeros(x.dataType(), n, graph.context().latentDim());     // z = posterior mean
            INDArray mean = graph.sd().output(Evaluator.feeds(graph, x, eps), VaeGraph.MEAN).get(VaeGraph.MEAN);
            List<INDArray> rows = new ArrayList<>();
            for (int start = 0; start < n; start += columns) {     // originals above their reconstructions
                int end = Math.min(n, start + columns);
                rows.add(padRows(x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()), columns));
                rows.add(padRows(mean.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()), columns));
            }
            ImageGrid.save(Nd4j.vstack(rows.toArray(INDArray[]::new)), shape, columns, images.resolve("reconstructions.png"));
            written.add("images/reconstructions.png");
        }
        int s = config.evaluation().samples();
        if (s > 0) {
            SameDiff generator = graph.generator();
            INDArray z = graph.components().prior().sample(graph.context(), s, new SplittableRandom(seeds.get("samples")));
            INDArray mean = generator.output(Map.of("z", z), "mean").get("mean");
            ImageGrid.save(mean, shape, Math.min(s, 8), images.resolve("samples.png"));
            written.add("images/samples.png");
        }
        return written;
    }

    private static INDArray padRows(INDArray rows, int count) {
        if (rows.size(0) == count) {
            return rows;
        }
        return Nd4j.vstack(rows, Nd4j.zeros(rows.dataType(), count - rows.size(0), rows.size(1)));
    }

    private void saveCheckpoint(Path dir, VaeGraph graph, int epochsDone, long steps) {
        Path checkpoint = dir.resolve("checkpoint");
        try {
            Files.createDirectories(checkpoint);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("cannot create " + checkpoint, e);
        }
        // with optimiser state, so training can resume
        AtomicFiles.writeFile(checkpoint.resolve("model.fb"), tmp -> graph.sd().save(tmp.toFile(), true));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("epochsCompleted", epochsDone);
        state.put("steps", steps);
        AtomicFiles.writeString(checkpoint.resolve("state.json"), json(state));
    }

    /**
     * The live components of a config, without a run directory (for benchmarks).
     *
     * @param config the validated config
     * @return the components
     */
    public ModelComponents createComponents(ExperimentConfig config) {
        return createComponents(config, new ArrayList<>());
    }

    /**
     * The data source of a config, without a run directory (for benchmarks).
     *
     * @param config the validated config
     * @return the data source
     */
    public DataSource createDataSource(ExperimentConfig config) {
        return create(ComponentKind.DATA, config.data(), DataSource.class, new ArrayList<>());
    }

    private ModelComponents createComponents(ExperimentConfig config, List<Map<String, String>> plugins) {
        Encoder encoder = create(ComponentKind.ENCODER, config.model().encoder(), Encoder.class, plugins);
        Decoder decoder = create(ComponentKind.DECODER, config.model().decoder(), Decoder.class, plugins);
        Prior prior = create(ComponentKind.PRIOR, config.model().prior(), Prior.class, plugins);
        List<ModelComponents.WeightedTerm> terms = new ArrayList<>();
        for (LossSpec spec : config.losses()) {
            terms.add(new ModelComponents.WeightedTerm(create(ComponentKind.LOSS, spec, LossTerm.class, plugins), spec.weight()));
        }
        Corruption corruption = config.corruption() == null ? null
                : create(ComponentKind.CORRUPTION, config.corruption(), Corruption.class, plugins);
        return new ModelComponents(encoder, decoder, prior, terms, corruption);
    }

    private <T> T create(ComponentKind kind, ComponentSpec spec, Class<T> type, List<Map<String, String>> plugins) {
        ComponentRegistration r = framework.registry().registrationFor(kind, spec.getClass());
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("kind", kind.label());
        entry.put("type", r.type());
        entry.put("spec", r.specClass().getName());
        entry.put("origin", r.origin());
        if (!plugins.contains(entry)) {
            plugins.add(entry);
        }
        return framework.registry().create(kind, spec, type);
    }

    private static Map<String, Object> dataProvenance(Dataset data) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("description", data.info().description());
        d.put("shape", data.info().shape().toString());
        d.put("nTrain", data.train().size());
        d.put("nTest", data.test().size());
        d.put("sha256", Environment.sha256(data.train().images(), data.train().labels(), data.train().factors(),
                data.test().images(), data.test().labels(), data.test().factors()));
        d.put("factors", data.info().factorNames());
        d.put("classes", data.info().classNames());
        d.put("sources", data.info().sources());
        return d;
    }

    private void writeProvenance(Path dir, Provenance p) {
        AtomicFiles.writeString(dir.resolve("provenance.json"), json(p));
    }

    private String json(Object value) {
        try {
            return framework.json().writeValueAsString(value) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Double> stripPrefix(Map<String, Double> values, String prefix) {
        Map<String, Double> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k.startsWith(prefix) ? k.substring(prefix.length()) : k, v));
        return out;
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
