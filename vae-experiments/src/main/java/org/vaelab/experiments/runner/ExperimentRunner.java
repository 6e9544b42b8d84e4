package org.vaelab.experiments.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
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
import org.vaelab.api.metric.Metric;
import org.vaelab.api.model.Decoder;
import org.vaelab.api.model.Encoder;
import org.vaelab.api.model.Prior;
import org.vaelab.engine.Engine;
import org.vaelab.engine.EngineChoice;
import org.vaelab.engine.batch.Evaluator;
import org.vaelab.engine.graph.ModelComponents;
import org.vaelab.engine.graph.VaeGraph;
import org.vaelab.experiments.checkpoint.Checkpoint;
import org.vaelab.experiments.checkpoint.CheckpointSchedule;
import org.vaelab.experiments.checkpoint.CheckpointState;
import org.vaelab.experiments.checkpoint.CheckpointStore;
import org.vaelab.experiments.config.ConfigLoader;
import org.vaelab.experiments.config.ExperimentConfig;
import org.vaelab.experiments.eval.RobustnessEvaluator;
import org.vaelab.experiments.plugins.Framework;
import org.vaelab.experiments.run.AtomicFiles;
import org.vaelab.experiments.run.Environment;
import org.vaelab.experiments.run.FailPoints;
import org.vaelab.experiments.run.FreshDirectory;
import org.vaelab.experiments.run.IoErrors;
import org.vaelab.experiments.run.JsonFiles;
import org.vaelab.experiments.run.MetricsLog;
import org.vaelab.experiments.run.Provenance;
import org.vaelab.experiments.run.RunLock;
import org.vaelab.experiments.train.Progress;
import org.vaelab.experiments.train.TrainingLoop;
import org.vaelab.experiments.trained.MetricSuite;
import org.vaelab.experiments.trained.TrainedModel;

/**
 * Runs one experiment into a new run directory:
 * <pre>
 * runs/&lt;UTC time&gt;_&lt;name&gt;_&lt;config sha8&gt;/
 *   config.json       resolved config, canonical (sorted keys, defaults filled in)
 *   provenance.json   seeds, git, versions, threads, machine, data checksum, plugins, engine, times, status
 *   metrics.jsonl     a line every logEvery steps and one per evaluated epoch
 *   summary.json      final metrics
 *   checkpoint/       step-NNNNNNNNN/ (model.fb, state.json, manifest.json): the newest two checkpoints
 *   images/           reconstructions.png, samples.png
 *   .lock             held by the process writing the run
 * </pre>
 * The data, model and engine are checked before the directory is made, and the directory appears with
 * its config and provenance in one rename, so a bad config leaves nothing and a kill leaves a run that
 * {@code resume} can continue.
 */
public final class ExperimentRunner {

    private final Framework framework;
    private final ConfigLoader loader;
    private final PrintStream out;
    private final Progress progress;
    private Supplier<String> stopRequest = () -> null;
    private int pauseAfterEpoch;
    private java.util.function.Consumer<Path> afterCheckpoint = dir -> {};

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
     * @param request the name of a stop signal once one arrived (such as {@code SIGTERM}), else null; the run
     *     then checkpoints after the current step, is marked {@code interrupted} and throws
     *     {@link RunInterruptedException}
     * @return this runner
     */
    public ExperimentRunner stopWhen(Supplier<String> request) {
        this.stopRequest = request;
        return this;
    }

    /**
     * @param epochs stop after this many epochs are done (with a checkpoint), leaving the run {@code paused}, as a
     *     sweep's successive halving does at the end of a rung; 0 (the default) to train to the end
     * @return this runner
     */
    public ExperimentRunner pauseAfterEpoch(int epochs) {
        this.pauseAfterEpoch = epochs;
        return this;
    }

    /**
     * @param action called with the run directory after every checkpoint is written (in the training thread, so
     *     the directory holds still): a cluster trial copies it to a remote output root there
     * @return this runner
     */
    public ExperimentRunner afterCheckpoint(java.util.function.Consumer<Path> action) {
        this.afterCheckpoint = action;
        return this;
    }

    /**
     * @param config the validated config
     * @param outputRoot the folder that holds run directories
     * @param command the command line, for provenance
     * @return the finished run
     */
    public RunResult run(ExperimentConfig config, Path outputRoot, List<String> command) {
        String started = now();
        try (PreparedRun prepared = prepare(config, loader.sha256(config), null)) {
            stopIfRequested("before the run started; nothing was written", null);
            Provenance provenance = new Provenance(null, prepared.configSha256(), config.seed(), prepared.seeds(),
                    Environment.sourceGit(), Environment.versions(), Environment.threads(),
                    Environment.machine(), prepared.dataRecord(), prepared.plugins(), Map.of(), command, null, started,
                    null, "running", null).withEngine(prepared.engine().name(), prepared.engine().description());
            RunLock[] lock = new RunLock[1];
            Path dir;
            try {
                dir = FreshDirectory.create(outputRoot, config.name() + "_" + prepared.configSha256().substring(0, 8), "run",
                        partial -> {
                            lock[0] = RunLock.acquire(partial);
                            Files.writeString(partial.resolve("config.json"), loader.toCanonicalJson(config));
                            Files.writeString(partial.resolve("provenance.json"),
                                    json(provenance.withRunId(partial.getFileName().toString().replaceFirst("^\\.(.*)\\.partial$", "$1"))));
                        });
            } catch (RuntimeException e) {
                if (lock[0] != null) {
                    lock[0].close();
                }
                throw e;
            }
            out.println("run directory: " + dir);
            try (RunLock held = lock[0]) {
                return execute(dir, prepared, provenance.withRunId(dir.getFileName().toString()), Optional.empty(), 0);
            }
        }
    }

    /**
     * Continues a run that stopped (interrupted, failed or killed) from its newest checkpoint (or from the start,
     * when it has none yet), in its own directory: {@code metrics.jsonl} loses the lines written after the
     * checkpoint, and the run then produces the same numbers as if it had never stopped.
     *
     * @param dir the run directory
     * @param checkpointName a checkpoint to resume from ({@code step-000000120}), or null for the newest
     * @param command the command line, recorded as the resume
     * @return the finished run
     */
    public RunResult resume(Path dir, String checkpointName, List<String> command) {
        if (!Files.isRegularFile(dir.resolve("config.json")) || !Files.isRegularFile(dir.resolve("provenance.json"))) {
            if (Files.isDirectory(dir) && FreshDirectory.isEmpty(dir)) {
                throw new UserInputException(dir + " is empty: its run was stopped while the directory was being "
                        + "created, before any training; start it again with vaelab train");
            }
            throw new UserInputException(dir + " is not a run directory (no config.json and provenance.json)");
        }
        JsonNode previous = readJson(dir.resolve("provenance.json"));
        ExperimentConfig config = loader.fromRun(dir, previous);
        if ("completed".equals(previous.path("status").asText())) {
            throw new UserInputException(dir + " is already completed; a finished run is never changed (train a new "
                    + "run with --set training.epochs=N to train longer)");
        }
        String sha = previous.path("configSha256").asText();
        requireUnchanged(dir.resolve("config.json"), sha);
        try (RunLock lock = RunLock.acquire(dir)) {
            CheckpointStore store = new CheckpointStore(dir, framework.json());
            Optional<Checkpoint> checkpoint = store.choose(checkpointName, sha,
                    name -> "vaelab resume " + dir + " --checkpoint " + name);
            try (PreparedRun prepared = prepare(config, sha, previous)) {
                String from;
                if (checkpoint.isPresent()) {
                    CheckpointState state = checkpoint.get().state();
                    long batches = batchesPerEpoch(prepared);
                    if (state.steps() != state.epochsCompleted() * batches + state.batchesDone()
                            || state.batchesDone() >= batches || state.epochsCompleted() > config.training().epochs()) {
                        throw new UserInputException(checkpoint.get().directory().resolve(CheckpointStore.STATE)
                                + " is inconsistent: step " + state.steps() + " is not epoch " + state.epochsCompleted()
                                + " plus batch " + state.batchesDone() + " of " + batches + " per epoch");
                    }
                    from = (state.batchesDone() == 0 ? "epoch " + state.epochsCompleted()
                            : "epoch " + state.epochsCompleted() + " + " + state.batchesDone() + " batches")
                            + " (step " + state.steps() + ", " + checkpoint.get().name() + ")";
                    out.printf(Locale.ROOT, "resuming %s after %s%n", dir, from);
                } else {
                    from = "the start (no checkpoint yet)";
                    out.printf(Locale.ROOT, "resuming %s from the start: it stopped before its first checkpoint%n", dir);
                }
                for (String removed : store.removeAfter(checkpoint.orElse(null))) {
                    out.println("removed " + removed + " (written after the checkpoint resumed from, or cut short)");
                }
                removeTemporaryFiles(dir);
                long lines = checkpoint.map(c -> c.state().metricsLines()).orElse(0L);
                MetricsLog.truncate(dir.resolve("metrics.jsonl"), lines);
                List<String> original = new ArrayList<>();
                previous.path("command").forEach(c -> original.add(c.asText()));
                Provenance provenance = new Provenance(dir.getFileName().toString(), sha, config.seed(), prepared.seeds(),
                        Environment.sourceGit(), Environment.versions(), Environment.threads(),
                        Environment.machine(), prepared.dataRecord(), prepared.plugins(), Map.of(), original,
                        from + " by " + String.join(" ", command) + " at " + now(), previous.path("startedAt").asText(),
                        null, "running", null).withEngine(prepared.engine().name(), prepared.engine().description());
                return execute(dir, prepared, provenance, checkpoint, lines);
            }
        }
    }

    /**
     * The run's config.json must be the file its provenance hashed: compared by its bytes, so a run stays
     * resumable after a vaelab upgrade adds a config field (which changes the canonical form, not the file).
     *
     * @param configFile the run's config.json
     * @param recorded the configSha256 in its provenance.json
     */
    public static void requireUnchanged(Path configFile, String recorded) {
        try {
            if (!Environment.sha256(configFile).equals(recorded)) {
                throw new UserInputException(configFile + " was changed after the run started: its SHA-256 no longer "
                        + "matches the configSha256 in provenance.json");
            }
        } catch (IOException e) {
            throw new UserInputException("cannot read " + configFile + ": " + IoErrors.describe(e), e);
        }
    }

    private PreparedRun prepare(ExperimentConfig config, String configSha256, JsonNode previous) {
        long seed = config.seed();
        Map<String, Long> seeds = new LinkedHashMap<>();
        for (String purpose : List.of("data", "model.init", "data.shuffle", "noise.eps", "corruption", "eval.noise",
                "eval.corruption", "eval.iwae", "samples")) {
            seeds.put(purpose, Seeds.derive(seed, purpose));
        }
        List<Map<String, String>> plugins = new ArrayList<>();
        ModelComponents components = createComponents(config, plugins);
        DataSource source = create(ComponentKind.DATA, config.data(), DataSource.class, plugins);
        Corruption evalCorruption = config.evaluation().corruption() == null ? components.corruption()
                : create(ComponentKind.CORRUPTION, config.evaluation().corruption(), Corruption.class, plugins);

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
        MetricSuite.checkData(framework, config.evaluation().metrics(), data, source.groundTruth());
        config.evaluation().metrics().forEach(m -> create(ComponentKind.METRIC, m, Metric.class, plugins));
        VaeGraph graph = VaeGraph.build(components, data.info().shape(), config.model().latentDim(), seeds.get("model.init"));
        Engine engine = EngineChoice.choose(graph, config.training().engine(), config.training().threads());
        return new PreparedRun(config, configSha256, seeds, plugins, evalCorruption, data, dataRecord, graph, engine,
                source.groundTruth());
    }

    private static long batchesPerEpoch(PreparedRun prepared) {
        int batch = prepared.config().training().batchSize();
        return (prepared.data().train().size() + batch - 1) / batch;
    }

    private RunResult execute(Path dir, PreparedRun prepared, Provenance provenance, Optional<Checkpoint> checkpoint,
            long metricsLines) {
        writeProvenance(dir, provenance);
        try (MetricsLog metrics = new MetricsLog(dir.resolve("metrics.jsonl"), framework.json(), metricsLines)) {
            Map<String, Object> summary = train(prepared, dir, metrics, checkpoint.orElse(null));
            FailPoints.pass("run/before-summary");
            AtomicFiles.writeString(dir.resolve("summary.json"), json(summary));
            FailPoints.pass("run/summary-written");
            writeProvenance(dir, provenance.finish("completed", now(), null));
            out.println("finished: " + dir);
            return new RunResult(dir, summary);
        } catch (RunInterruptedException e) {
            finishQuietly(dir, provenance.finish(e.status(), now(), e.getMessage()), e);
            throw e;
        } catch (RuntimeException | Error e) {
            String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            finishQuietly(dir, provenance.finish("failed", now(), message), e);
            throw e;
        }
    }

    /** Records how the run ended; when even that fails (a full disk), the original error is the one reported. */
    private void finishQuietly(Path dir, Provenance provenance, Throwable cause) {
        try {
            writeProvenance(dir, provenance);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private Map<String, Object> train(PreparedRun prepared, Path dir, MetricsLog metrics, Checkpoint checkpoint) {
        ExperimentConfig config = prepared.config();
        VaeGraph graph = prepared.graph();
        Engine engine = prepared.engine();
        Dataset data = prepared.data();
        Map<String, Long> seeds = prepared.seeds();
        out.printf(Locale.ROOT, "model: %,d parameters; losses: %s; engine: %s%n", graph.parameterCount(),
                String.join(", ", graph.termMetricNames()), engine.description());
        TrainingLoop loop = new TrainingLoop(engine, data.train(), data.info().shape(), config.training(), config.seed(),
                metrics::append, progress);
        CheckpointStore store = new CheckpointStore(dir, framework.json());
        int firstEpoch = 0;
        Map<String, Double> lastTrain = Map.of();
        double trainSecondsBefore = 0;
        if (checkpoint != null) {
            checkpoint.restoreParameters(graph);
        }
        loop.prepare();
        if (checkpoint != null) {
            checkpoint.restoreOptimizerState(graph);
            loop.restore(checkpoint.state().position());
            firstEpoch = checkpoint.state().epochsCompleted();
            lastTrain = checkpoint.state().lastEpochTrain();
            trainSecondsBefore = checkpoint.state().trainSeconds();
        }
        int epochs = config.training().epochs();
        CheckpointSchedule schedule = new CheckpointSchedule(config.training().checkpointEverySteps(),
                config.training().checkpointEveryMinutes(), stopRequest);
        Map<String, Double> lastTest = Map.of();
        RobustnessEvaluator.Result robustness = null;
        long started = System.nanoTime();
        for (int epoch = firstEpoch; epoch < epochs; epoch++) {
            long t0 = System.nanoTime();
            while (!loop.train(epoch, schedule::due)) {        // paused inside the epoch for a checkpoint
                save(store, graph, loop.position(epoch), metrics, trainSecondsBefore, started, lastTrain, prepared);
                schedule.saved();
                stopIfRequested("after step " + loop.step(), dir);
            }
            lastTrain = loop.finishEpoch();
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
                if (prepared.evalCorruption() != null) {
                    robustness = RobustnessEvaluator.evaluate(graph, data.test(), data.info().shape(),
                            prepared.evalCorruption(), config.evaluation().batchSize(), seeds.get("eval.corruption"), 8);
                    robustness.metrics().forEach((k, v) -> line.put("test/" + k, v));
                }
            }
            metrics.append(line);
            FailPoints.pass("train/epoch-logged");
            out.printf(Locale.ROOT, "epoch %d/%d  train loss %.3f%s%s  %.1f s  %.0f img/s%n", epoch + 1, epochs,
                    lastTrain.get("train/" + VaeGraph.LOSS_TOTAL),
                    lastTest.isEmpty() ? "" : String.format(Locale.ROOT, "  test -ELBO %.3f", lastTest.get("test/negElbo")),
                    robustness == null ? "" : String.format(Locale.ROOT, "  PSNR from corrupted %.2f dB (input %.2f dB)",
                            robustness.metrics().get("corrupted/psnr"), robustness.metrics().get("corrupted/inputPsnr")),
                    seconds, lastTrain.get("train/imagesPerSec"));
            boolean pause = !last && epoch + 1 == pauseAfterEpoch;
            if ((epoch + 1) % config.training().checkpointEvery() == 0 || last || schedule.dueByTime()
                    || stopRequest.get() != null || pause) {
                save(store, graph, loop.position(epoch + 1), metrics, trainSecondsBefore, started, lastTrain, prepared);
                schedule.saved();
            }
            if (!last) {
                stopIfRequested("after epoch " + (epoch + 1), dir);
            }
            if (pause) {
                throw new RunInterruptedException("paused after epoch " + (epoch + 1) + " (a successive-halving rung); "
                        + "continue with vaelab resume " + dir, 0, "paused");
            }
        }
        double trainSeconds = trainSecondsBefore + (System.nanoTime() - started) / 1e9;    // training alone
        if (lastTest.isEmpty()) {       // resumed after the last epoch's checkpoint: nothing left to train
            lastTest = Evaluator.evaluate(engine, data.test(), config.evaluation().batchSize(), seeds.get("eval.noise"), "test/");
            if (prepared.evalCorruption() != null) {
                robustness = RobustnessEvaluator.evaluate(graph, data.test(), data.info().shape(), prepared.evalCorruption(),
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
        Map<String, Double> metricValues = Map.of();
        if (!config.evaluation().metrics().isEmpty()) {
            metricValues = MetricSuite.compute(framework, config.evaluation().metrics(), new TrainedModel(engine), engine, data,
                    prepared.groundTruth(), config.seed(), out);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("step", loop.step());
            line.put("epoch", epochs);
            metricValues.forEach((name, v) -> line.put("metric/" + name, v));
            metrics.append(line);
        }
        List<String> images = RunImages.write(config, dir, new TrainedModel(engine), data, seeds.get("samples"), robustness, out);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("runId", dir.getFileName().toString());
        summary.put("epochs", epochs);
        summary.put("steps", loop.step());
        summary.put("engine", engine.description());
        summary.put("parameters", graph.parameterCount());
        summary.put("trainSeconds", trainSeconds);
        summary.put("train", stripPrefix(lastTrain, "train/"));
        summary.put("test", stripPrefix(lastTest, "test/"));
        if (robustness != null) {
            summary.put("robustness", robustness.metrics());
        }
        if (!metricValues.isEmpty()) {
            summary.put("metrics", metricValues);
        }
        summary.put("images", images);
        return summary;
    }

    private void save(CheckpointStore store, VaeGraph graph, TrainingLoop.Position position, MetricsLog metrics,
            double trainSecondsBefore, long started, Map<String, Double> lastTrain, PreparedRun prepared) {
        metrics.sync();                     // the lines the checkpoint counts are on disk before it
        store.save(graph, CheckpointState.of(prepared.configSha256(), position, metrics.lines(),
                trainSecondsBefore + (System.nanoTime() - started) / 1e9, lastTrain, now()));
        afterCheckpoint.accept(store.root().getParent());
    }

    /** Throws {@link RunInterruptedException} when a stop signal arrived (after the checkpoint is written). */
    private void stopIfRequested(String where, Path dir) {
        String signal = stopRequest.get();
        if (signal != null) {
            throw new RunInterruptedException("stopped by " + signal + " " + where
                    + (dir == null ? "" : "; a checkpoint is saved: continue with vaelab resume " + dir),
                    StopSignals.exitStatus(signal));
        }
    }

    private JsonNode readJson(Path file) {
        return JsonFiles.read(framework.json(), file);
    }

    /** Hidden temporary files an atomic write left when the process was killed during it. */
    private void removeTemporaryFiles(Path dir) {
        try (Stream<Path> walk = Files.walk(dir, 2)) {
            for (Path p : walk.filter(p -> p.getFileName().toString().startsWith(".")
                    && p.getFileName().toString().endsWith(".tmp") && Files.isRegularFile(p)).toList()) {
                Files.delete(p);
                out.println("removed " + p + " (a write cut short)");
            }
        } catch (IOException e) {
            throw new UserInputException("cannot clean " + dir + ": " + IoErrors.describe(e), e);
        }
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
        entry.putAll(Environment.jarOf(r.specClass()));
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
