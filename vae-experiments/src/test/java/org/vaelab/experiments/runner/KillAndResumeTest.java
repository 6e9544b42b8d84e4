package org.vaelab.experiments.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaelab.api.UserInputException;
import org.vaelab.experiments.RunFiles;
import org.vaelab.experiments.TestFixtures;
import org.vaelab.experiments.config.ConfigLoader;
import org.vaelab.experiments.train.Progress;

/**
 * Real kills: {@code vaelab train} runs in a child JVM that is killed with SIGKILL at named points of its
 * write path (inside a checkpoint write, between a metrics line and its checkpoint, after the last
 * checkpoint...), or stopped with SIGTERM; every resumed run must equal the uninterrupted one in every
 * number, and leave no temporary file behind.
 */
class KillAndResumeTest {

    /** 3 epochs of 3 batches, checkpoints inside epochs every 2 steps, an IWAE line after the last checkpoint. */
    private static final String CONFIG = TestFixtures.TINY_CONFIG.replace("training: {epochs: 2, batchSize: 32, logEvery: 1}",
            "training: {epochs: 3, batchSize: 32, logEvery: 1, checkpointEverySteps: 2}")
            .replace("evaluation: {batchSize: 32,", "evaluation: {iwaeSamples: 2, batchSize: 32,");

    @TempDir
    static Path tmp;

    private static Path configFile;
    private static Path reference;

    @BeforeAll
    static void uninterruptedRun() throws IOException {
        configFile = Files.writeString(tmp.resolve("tiny.yaml"), CONFIG);
        var config = new ConfigLoader(TestFixtures.framework()).load(configFile, List.of());
        reference = runner().run(config, tmp.resolve("reference"), List.of("test")).directory();
    }

    private static ExperimentRunner runner() {
        return new ExperimentRunner(TestFixtures.framework(), new PrintStream(new ByteArrayOutputStream()), Progress.silent());
    }

    /** {@code vaelab train} in a child JVM with the given system properties. */
    private static Process train(Path out, String... properties) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        for (String p : properties) {
            command.add("-D" + p);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.vaelab.experiments.cli.Main",
                "train", configFile.toString(), "--out", out.toString()));
        Files.createDirectories(out);
        return new ProcessBuilder(command).redirectOutput(out.resolve("stdout.txt").toFile())
                .redirectError(out.resolve("stderr.txt").toFile()).start();
    }

    /** Waits until the child's output file holds {@code text}. */
    private static void await(Process child, Path out, String file, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!Files.readString(out.resolve(file)).contains(text)) {
            assertThat(child.isAlive()).as("the child is alive; its stderr:%n%s", Files.readString(out.resolve("stderr.txt")))
                    .isTrue();
            assertThat(System.nanoTime()).as("waiting for '" + text + "'").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void assertNoLitter(Path run) throws IOException {
        try (Stream<Path> walk = Files.walk(run)) {
            assertThat(walk.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".partial"));
        }
    }

    @Test
    void aSigkillAtAnyPointOfTheWritePathResumesToTheUninterruptedNumbers() throws Exception {
        List<String> points = List.of("train/step#1", "train/step#5", "checkpoint/model-written#3",
                "checkpoint/state-written#3", "checkpoint/before-rename#3", "checkpoint/renamed#3", "train/epoch-logged#2",
                "checkpoint/renamed#6", "run/before-summary", "run/summary-written");
        for (String point : points) {
            Path out = tmp.resolve("kill-" + point.replaceAll("[^a-z0-9]", "-"));
            Process child = train(out, "vaelab.failpoint.pause=" + point);
            try {
                await(child, out, "stderr.txt", "failpoint");
            } finally {
                child.destroyForcibly().waitFor(60, TimeUnit.SECONDS);       // SIGKILL
            }
            Path run = onlyRun(out);
            assertThat(RunFiles.status(run)).as(point).isEqualTo("running");
            runner().resume(run, null, List.of("vaelab", "resume"));
            assertThat(RunFiles.metricNumbers(run)).as(point).isEqualTo(RunFiles.metricNumbers(reference));
            assertThat(RunFiles.summaryNumbers(run)).as(point).isEqualTo(RunFiles.summaryNumbers(reference));
            assertThat(RunFiles.status(run)).as(point).isEqualTo("completed");
            assertNoLitter(run);
        }
    }

    @Test
    void aKillWhileTheRunDirectoryIsMadeLeavesAnEmptyDirectoryThatResumeExplains() throws Exception {
        Path out = tmp.resolve("kill-creating");
        Process child = train(out, "vaelab.failpoint.pause=run-directory/filled");
        try {
            await(child, out, "stderr.txt", "failpoint");
        } finally {
            child.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
        }
        Path run = onlyRun(out);
        try (Stream<Path> files = Files.list(run)) {
            assertThat(files.toList()).isEmpty();               // nothing half-made under the run's name
        }
        assertThatThrownBy(() -> runner().resume(run, null, List.of())).isInstanceOf(UserInputException.class)
                .hasMessageContaining("is empty").hasMessageContaining("vaelab train");
    }

    @Test
    void sigtermCheckpointsMarksTheRunInterruptedAndResumesExactly() throws Exception {
        Path out = tmp.resolve("term");
        Process child = train(out, "vaelab.failpoint.slow=train/step:400");        // 9 steps: about 3.6 s of training
        await(child, out, "stdout.txt", "run directory:");
        Thread.sleep(1200);
        child.destroy();                                        // SIGTERM
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(out.resolve("stderr.txt"));
        assertThat(child.exitValue()).as(err).isEqualTo(143);
        assertThat(err).contains("stopped by SIGTERM after step").contains("vaelab resume").doesNotContain("Exception");
        Path run = onlyRun(out);
        assertThat(RunFiles.status(run)).isEqualTo("interrupted");
        assertThat(RunFiles.checkpoints(run)).isNotEmpty();
        runner().resume(run, null, List.of("vaelab", "resume"));
        assertThat(RunFiles.metricNumbers(run)).isEqualTo(RunFiles.metricNumbers(reference));
        assertThat(RunFiles.summaryNumbers(run)).isEqualTo(RunFiles.summaryNumbers(reference));
    }

    /** The run directory in a child's output folder (which also holds its stdout.txt). */
    private static Path onlyRun(Path out) throws IOException {
        try (Stream<Path> dirs = Files.list(out)) {
            List<Path> runs = dirs.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).toList();
            assertThat(runs).hasSize(1);
            return runs.get(0);
        }
    }
}
