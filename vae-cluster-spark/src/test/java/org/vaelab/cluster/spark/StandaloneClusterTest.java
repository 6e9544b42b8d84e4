package org.vaelab.cluster.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaelab.experiments.sweep.SweepPlan;
import org.vaelab.experiments.sweep.SweepRunner;
import org.vaelab.experiments.sweep.TrialExecutor;
import org.vaelab.experiments.sweep.TrialExecutorProvider;
import org.vaelab.experiments.train.Progress;

/** A standalone master and worker on 127.0.0.1; one executor JVM is killed in the middle of a trial. */
@Tag("slow")
class StandaloneClusterTest {

    @TempDir
    Path tmp;

    @Test
    void aSweepSurvivesAKilledExecutorWithEveryRunFinishedOnceAndTheNumbersOfAnUninterruptedSweep() throws Exception {
        Path config = Files.writeString(tmp.resolve("tiny.yaml"), SparkSweeps.TINY_CONFIG);
        SweepPlan plan = SweepPlan.parse(List.of("losses[1].beta=[0.5, 4]", "seed=[1, 2]"), SparkSweeps.framework().yaml());
        // long enough (30 steps an epoch) for the kill to land inside a trial, after its first checkpoint
        List<String> overrides = List.of("data.trainSize=960", "training.epochs=4");
        Path root = tmp.resolve("runs");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SweepRunner.Result result;
        AtomicReference<String> killedRun = new AtomicReference<>();
        try (StandaloneCluster cluster = StandaloneCluster.start(tmp.resolve("cluster"), 2, "2g")) {
            Map<String, String> conf = new HashMap<>(SparkSweeps.QUIET_SPARK);
            conf.put("spark.executor.extraClassPath", StandaloneCluster.classPath());
            conf.put("spark.executor.memory", "1g");
            Thread killer = new Thread(() -> killedRun.set(killAnExecutorInsideATrial(cluster, root)));
            killer.setDaemon(true);
            killer.start();
            try (TrialExecutor trials = new SparkTrialsProvider().open(SparkSweeps.framework(),
                    new TrialExecutorProvider.Options(cluster.url(), conf, root.toString()), new PrintStream(log, true), () -> null)) {
                result = new SweepRunner(SparkSweeps.framework(), new PrintStream(log, true), Progress.silent())
                        .executor(trials).run(config, overrides, plan, root, List.of("test"));
            }
            killer.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(killedRun.get()).as("an executor was killed inside a trial\n" + log + cluster.logs()).isNotNull();
        }

        assertThat(result.failures()).as(log.toString()).isEmpty();
        assertThat(result.completed()).isEqualTo(4);
        List<Path> runs = SparkSweeps.runDirectories(result.directory());
        assertThat(runs).hasSize(4);                                       // none duplicated, none left empty
        assertThat(runs).allSatisfy(run -> assertThat(SparkSweeps.json(run.resolve("provenance.json")).path("status")
                .asText()).isEqualTo("completed"));
        assertThat(runs.stream().map(run -> SparkSweeps.json(run.resolve("provenance.json")).path("configSha256").asText())
                .distinct()).hasSize(4);
        try (Stream<Path> hidden = Files.list(result.directory())) {
            assertThat(hidden.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".partial"))).isEmpty();
        }
        // the killed trial was continued from its checkpoint by the retried task, not started again
        assertThat(SparkSweeps.json(result.directory().resolve(killedRun.get()).resolve("provenance.json"))
                .path("resumedFrom").asText()).startsWith("epoch ");

        SweepRunner.Result uninterrupted = new SweepRunner(SparkSweeps.framework(), SparkSweeps.quiet(), Progress.silent())
                .run(config, overrides, plan, tmp.resolve("in-process"), List.of("test"));
        assertThat(SparkSweeps.numbersByConfig(result.directory()))
                .isEqualTo(SparkSweeps.numbersByConfig(uninterrupted.directory()));
        assertThat(Files.readString(result.directory().resolve("table.md")))
                .isEqualTo(Files.readString(uninterrupted.directory().resolve("table.md")));
    }

    /**
     * Waits for a trial that is training past its first checkpoint, then kills the executor JVM (SIGKILL).
     *
     * @return the killed trial's run directory name, or null when none was seen in time
     */
    private static String killAnExecutorInsideATrial(StandaloneCluster cluster, Path root) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (System.nanoTime() < deadline) {
            for (Path run : runsOf(root)) {
                if (trainingAfterACheckpoint(run)) {
                    List<ProcessHandle> executors = cluster.executors();
                    if (!executors.isEmpty()) {
                        executors.get(0).destroyForcibly();
                        return run.getFileName().toString();
                    }
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return null;
            }
        }
        return null;
    }

    private static List<Path> runsOf(Path root) {
        try (Stream<Path> sweeps = Files.isDirectory(root) ? Files.list(root) : Stream.empty()) {
            return sweeps.filter(Files::isDirectory).flatMap(s -> SparkSweeps.runDirectories(s).stream()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean trainingAfterACheckpoint(Path run) {
        try (Stream<Path> checkpoints = Files.isDirectory(run.resolve("checkpoint")) ? Files.list(run.resolve("checkpoint"))
                : Stream.empty()) {
            return checkpoints.anyMatch(c -> c.getFileName().toString().startsWith("step-")
                    && Files.isRegularFile(c.resolve("manifest.json"))) && Files.isRegularFile(run.resolve("provenance.json"))
                    && "running".equals(SparkSweeps.json(run.resolve("provenance.json")).path("status").asText());
        } catch (IOException | RuntimeException e) {
            return false;                              // a file being replaced: look again
        }
    }
}
