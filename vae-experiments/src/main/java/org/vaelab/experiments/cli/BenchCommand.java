package org.vaelab.experiments.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vaelab.experiments.bench.Benchmark;
import org.vaelab.experiments.bench.EngineComparison;
import org.vaelab.experiments.config.ConfigLoader;
import org.vaelab.experiments.config.ExperimentConfig;
import org.vaelab.experiments.run.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vaelab bench CONFIG}: training and evaluation throughput, FLOP rate and peak memory; no run directory. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark a config's model: a warm-up, N timed training epochs, then the test negative ELBO timed.",
            "Prints images/s, counted GFLOP/s and their fraction of an in-process matmul rate, peak RSS and thread settings.",
            "Writes no run directory. A benchmark, not a test: run it on an otherwise idle machine (see docs/performance.md)."})
final class BenchCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Experiment config (.yaml, .yml or .json).")
    Path config;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "1",
            description = "Timed training epochs (default: ${DEFAULT-VALUE}); the config's epochs are ignored.")
    int epochs;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "0",
            description = "Set ND4J's threads, master threads and BLAS threads to T; 0 keeps the process's settings "
                    + "(the launcher's OMP_NUM_THREADS, default 1) (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--warmup-steps", paramLabel = "S", defaultValue = "100",
            description = "Untimed training steps on a throw-away model first, long enough for the JIT to compile "
                    + "the engine (default: ${DEFAULT-VALUE}).")
    int warmupSteps;

    @Option(names = "--matmul-seconds", paramLabel = "S", defaultValue = "0.5",
            description = "Seconds per matmul-rate measurement (5 each, 128x784x512 and 2048^3); 0 skips it (default: ${DEFAULT-VALUE}).")
    double matmulSeconds;

    @Option(names = "--iwae", paramLabel = "K", defaultValue = "0",
            description = "Also time the IWAE estimate of -log p(x) with K importance samples per test image "
                    + "(K=1000 over 10k images is 10M decoder passes: minutes); 0 skips it (default: ${DEFAULT-VALUE}).")
    int iwaeSamples;

    @Option(names = "--iwae-images", paramLabel = "M", defaultValue = "0",
            description = "Score only the first M test images with IWAE; 0 means all (default: ${DEFAULT-VALUE}).")
    long iwaeImages;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the figures as JSON to FILE.")
    Path json;

    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "Override a config value, e.g. --set training.batchSize=512")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--eval-repeats", paramLabel = "R", defaultValue = "1",
            description = "Time the test-split evaluation R times and report the median (default: ${DEFAULT-VALUE}).")
    int evalRepeats;

    @Option(names = "--profile", description = "Also time each op type of a training step and of an evaluation batch "
            + "on the compiled engine (where the time goes; an op marked (nd4j) runs ND4J's own kernel).")
    boolean profile;

    @Option(names = "--quiet", description = "Print only the summary (no per-epoch lines).")
    boolean quiet;

    @Option(names = "--engines", paramLabel = "A,B[,...]", split = ",",
            description = "Instead: time these engines against each other in this one process, taking turns (auto,"
                    + " compiled, samediff), each on its own copy of the model; prints each engine's median time"
                    + " and the first engine's speed relative to each other one, round by round.")
    List<String> engines;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "8",
            description = "With --engines: counted rounds, after two warm-up rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "40",
            description = "With --engines: training steps per engine and round (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--eval-images", paramLabel = "N", defaultValue = "2000",
            description = "With --engines: test images evaluated per engine and round (default: ${DEFAULT-VALUE}).")
    int evalImages;

    @Override
    public Integer call() throws Exception {
        if (epochs < 1 || evalRepeats < 1 || threads < 0 || warmupSteps < 0 || matmulSeconds < 0 || iwaeSamples < 0
                || iwaeImages < 0) {
            throw new org.vaelab.api.UserInputException("--epochs and --eval-repeats must be >= 1; --threads, --warmup-steps,"
                    + " --matmul-seconds, --iwae and --iwae-images >= 0");
        }
        ExperimentConfig cfg = new ConfigLoader(main.framework()).load(config, overrides);
        PrintStream printer = quiet ? OutputOptions.silent() : System.out;
        if (engines != null) {
            return compareEngines(cfg, printer);
        }
        var settings = new Benchmark.Settings(epochs, warmupSteps, threads, matmulSeconds, Benchmark.Settings.DEFAULT_MATMULS,
                iwaeSamples, iwaeImages, evalRepeats, profile);
        Map<String, Object> figures = new Benchmark(main.framework(), printer).run(cfg, settings);
        report(List.of("--epochs", String.valueOf(epochs), "--threads", String.valueOf(threads), "--iwae",
                String.valueOf(iwaeSamples)), figures, Benchmark.describe(figures));
        return 0;
    }

    private int compareEngines(ExperimentConfig cfg, PrintStream printer) throws Exception {
        if (profile || iwaeSamples > 0 || epochs != 1 || evalRepeats != 1) {
            throw new org.vaelab.api.UserInputException("--engines times its own rounds: leave out --profile, --iwae, --epochs"
                    + " and --eval-repeats (use --rounds, --steps and --eval-images)");
        }
        Benchmark.applyThreads(threads);
        var settings = new EngineComparison.Settings(engines.stream().map(EngineComparison::parse).toList(), rounds, steps,
                evalImages);
        Map<String, Object> figures = new EngineComparison(main.framework(), printer).run(cfg, settings);
        report(List.of("--engines", String.join(",", engines), "--rounds", String.valueOf(rounds), "--steps",
                String.valueOf(steps), "--eval-images", String.valueOf(evalImages)), figures, EngineComparison.describe(figures));
        return 0;
    }

    /** Prints the summary and writes the figures, after the command that made them, to {@code --json}. */
    private void report(List<String> arguments, Map<String, Object> figures, String summary) throws java.io.IOException {
        System.out.print(summary);
        if (json == null) {
            return;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        List<String> command = new ArrayList<>(List.of("vaelab", "bench", config.toString()));
        command.addAll(arguments);
        overrides.forEach(o -> command.addAll(List.of("--set", o)));
        result.put("command", command);
        result.putAll(figures);
        Path parent = json.toAbsolutePath().getParent();
        if (parent != null) {
            java.nio.file.Files.createDirectories(parent);
        }
        AtomicFiles.writeString(json, main.framework().json().writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n");
        System.out.println("wrote " + json);
    }
}
