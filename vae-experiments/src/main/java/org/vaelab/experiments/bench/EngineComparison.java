package org.vaelab.experiments.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vaelab.api.Seeds;
import org.vaelab.api.UserInputException;
import org.vaelab.api.data.DataSplit;
import org.vaelab.api.data.Dataset;
import org.vaelab.engine.Engine;
import org.vaelab.engine.EngineChoice;
import org.vaelab.engine.EngineKind;
import org.vaelab.engine.batch.Evaluator;
import org.vaelab.engine.graph.ModelComponents;
import org.vaelab.engine.graph.VaeGraph;
import org.vaelab.experiments.plugins.Framework;
import org.vaelab.experiments.config.ExperimentConfig;
import org.vaelab.experiments.runner.ExperimentRunner;
import org.vaelab.experiments.train.Progress;
import org.vaelab.experiments.train.TrainingLoop;

/**
 * Engines timed against each other on one model in one process, taking turns: each round trains every engine for
 * the same few steps (each on its own copy of the model, all started from the same seed) and then evaluates the same
 * test images. Why: this machine's speed swings by 1.5x from minute to minute, so engines timed in separate
 * {@code vaelab bench} runs differ by more than the few percent in question; in turns, a swing hits them alike, and
 * the ratio of each round's times cancels it.
 */
public final class EngineComparison {

    /** Rounds run before the counted ones, for the JIT and the engines' first bindings. */
    static final int WARMUP_ROUNDS = 2;

    /**
     * @param engines the engines, the first compared with each of the others
     * @param rounds counted rounds
     * @param steps training steps per engine and round
     * @param evalImages test images evaluated per engine and round
     */
    public record Settings(List<EngineKind> engines, int rounds, int steps, int evalImages) {
        /** Checks the values. */
        public Settings {
            if (engines.size() < 2) {
                throw new UserInputException("--engines needs at least two engines to compare, e.g. --engines compiled,samediff");
            }
            if (rounds < 1 || steps < 1 || evalImages < 1) {
                throw new UserInputException("--rounds, --steps and --eval-images must be >= 1");
            }
            engines = List.copyOf(engines);
        }
    }

    private final Framework framework;
    private final PrintStream out;

    /**
     * @param framework the started framework
     * @param out progress lines (one per round)
     */
    public EngineComparison(Framework framework, PrintStream out) {
        this.framework = framework;
        this.out = out;
    }

    /**
     * @param kind an engine's name as {@code training.engine} spells it
     * @return the engine kind
     * @throws UserInputException for a name that is none
     */
    public static EngineKind parse(String kind) {
        for (EngineKind k : EngineKind.values()) {
            if (configName(k).equals(kind.trim())) {
                return k;
            }
        }
        throw new UserInputException("--engines: unknown engine '" + kind + "' (known: auto, compiled, samediff)");
    }

    /** @return the engine's name as {@code training.engine} spells it (its constant in lower case) */
    private static String configName(EngineKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param config the validated config (its {@code training.engine} is ignored)
     * @param settings what to run
     * @return the figures (JSON-ready): per engine its description and each counted round's times, and the ratios
     */
    public Map<String, Object> run(ExperimentConfig config, Settings settings) {
        ExperimentRunner runner = new ExperimentRunner(framework, out, Progress.silent());
        ModelComponents components = runner.createComponents(config);
        long seed = config.seed();
        Dataset data = runner.createDataSource(config).load(Seeds.derive(seed, "data"));
        var shape = data.info().shape();
        int batch = config.training().batchSize();
        long trainImages = Math.min(data.train().size(), (long) settings.steps() * batch);
        int steps = (int) ((trainImages + batch - 1) / batch);
        DataSplit train = new DataSplit(data.train().images().get(NDArrayIndex.interval(0, trainImages), NDArrayIndex.all()),
                null, null);
        long testImages = Math.min(data.test().size(), settings.evalImages());
        DataSplit test = new DataSplit(data.test().images().get(NDArrayIndex.interval(0, testImages), NDArrayIndex.all()),
                null, null);

        List<Engine> engines = new ArrayList<>();
        List<TrainingLoop> loops = new ArrayList<>();
        try {
            for (EngineKind kind : settings.engines()) {
                VaeGraph graph = VaeGraph.build(components, shape, config.model().latentDim(), Seeds.derive(seed, "model"));
                Engine engine = EngineChoice.choose(graph, kind, config.training().threads());
                engines.add(engine);
                out.println(configName(kind) + ": " + engine.description());
                TrainingLoop loop = new TrainingLoop(engine, train, shape, config.training(), seed, m -> { }, Progress.silent());
                loop.prepare();
                loops.add(loop);
            }
            int n = settings.engines().size();
            List<List<Double>> trainMs = new ArrayList<>();
            List<List<Double>> evalMs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                trainMs.add(new ArrayList<>());
                evalMs.add(new ArrayList<>());
            }
            int total = WARMUP_ROUNDS + settings.rounds();
            for (int round = 0; round < total; round++) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d/%d%s:", round + 1, total,
                        round < WARMUP_ROUNDS ? " (warm-up)" : ""));
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    loops.get(i).trainEpoch(round);
                    double perStep = (System.nanoTime() - t0) / 1e6 / steps;
                    t0 = System.nanoTime();
                    Evaluator.evaluate(engines.get(i), test, config.evaluation().batchSize(), Seeds.derive(seed, "eval.noise"),
                            "");
                    double per1000 = (System.nanoTime() - t0) / 1e6 / testImages * 1000;
                    if (round >= WARMUP_ROUNDS) {
                        trainMs.get(i).add(perStep);
                        evalMs.get(i).add(per1000);
                    }
                    line.append(String.format(Locale.ROOT, "  %s %.2f ms/step, %.2f ms/1000 eval",
                            configName(settings.engines().get(i)), perStep, per1000));
                }
                out.println(line);
            }
            return result(settings, engines, steps, batch, testImages, trainMs, evalMs);
        } finally {
            engines.forEach(Engine::close);
        }
    }

    private static Map<String, Object> result(Settings settings, List<Engine> engines, int steps, int batch, long testImages,
            List<List<Double>> trainMs, List<List<Double>> evalMs) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("rounds", settings.rounds());
        r.put("warmupRounds", WARMUP_ROUNDS);
        r.put("stepsPerRound", steps);
        r.put("batchSize", batch);
        r.put("evalImagesPerRound", testImages);
        List<Map<String, Object>> perEngine = new ArrayList<>();
        for (int i = 0; i < engines.size(); i++) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("engine", configName(settings.engines().get(i)));
            e.put("description", engines.get(i).description());
            e.put("trainMsPerStep", trainMs.get(i));
            e.put("evalMsPer1000Images", evalMs.get(i));
            perEngine.add(e);
        }
        r.put("engines", perEngine);
        // the first engine's speed relative to each other one, round by round: the other's time over the first's
        List<Map<String, Object>> ratios = new ArrayList<>();
        for (int i = 1; i < engines.size(); i++) {
            Map<String, Object> ratio = new LinkedHashMap<>();
            ratio.put("engine", configName(settings.engines().get(0)));
            ratio.put("against", configName(settings.engines().get(i)));
            ratio.put("trainSpeedRatios", perRound(trainMs.get(i), trainMs.get(0)));
            ratio.put("evalSpeedRatios", perRound(evalMs.get(i), evalMs.get(0)));
            ratios.add(ratio);
        }
        r.put("ratios", ratios);
        return r;
    }

    private static List<Double> perRound(List<Double> numerator, List<Double> denominator) {
        List<Double> r = new ArrayList<>();
        for (int k = 0; k < numerator.size(); k++) {
            r.add(numerator.get(k) / denominator.get(k));
        }
        return r;
    }

    /** @return the median of {@code values} (the mean of the middle two for an even count) */
    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int m = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2;
    }

    private static String spread(List<Double> values) {
        return String.format(Locale.ROOT, "%.2f (%.2f-%.2f)", median(values), Collections.min(values), Collections.max(values));
    }

    /**
     * @param r a result of {@link #run}
     * @return the summary lines: each engine's median and range, then the speed ratios
     */
    @SuppressWarnings("unchecked")
    public static String describe(Map<String, Object> r) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "engines in turns in one process: %s counted rounds (after %s warm-up) of %s steps at batch %s and %s test"
                        + " images each; median (min-max)%n", r.get("rounds"), r.get("warmupRounds"), r.get("stepsPerRound"),
                r.get("batchSize"), r.get("evalImagesPerRound")));
        for (Map<String, Object> e : (List<Map<String, Object>>) r.get("engines")) {
            sb.append(String.format(Locale.ROOT, "  %-9s train %s ms/step, eval %s ms per 1000 images%n", e.get("engine"),
                    spread((List<Double>) e.get("trainMsPerStep")), spread((List<Double>) e.get("evalMsPer1000Images"))));
        }
        for (Map<String, Object> q : (List<Map<String, Object>>) r.get("ratios")) {
            sb.append(String.format(Locale.ROOT, "  %s at %s of %s's training speed and %s of its evaluation speed"
                            + " (each round's ratio)%n", q.get("engine"), spread((List<Double>) q.get("trainSpeedRatios")),
                    q.get("against"), spread((List<Double>) q.get("evalSpeedRatios"))));
        }
        return sb.toString();
    }
}
