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
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vaelab.api.UserInputException;
import org.vaelab.experiments.RunFiles;
import org.vaelab.experiments.TestFixtures;
import org.vaelab.experiments.checkpoint.CheckpointStore;
import org.vaelab.experiments.config.ConfigLoader;
import org.vaelab.experiments.config.ExperimentConfig;
import org.vaelab.experiments.run.RunLock;
import org.vaelab.experiments.train.Progress;

/** Resume continues a stopped run to exactly the numbers of an uninterrupted one, and refuses what it cannot trust. */
class ResumeTest {

    @TempDir
    Path tmp;

    /** Progress output that calls {@code action} at a given step of a given epoch (1-based). */
    private static Progress at(int epoch, int step, Runnable action) {
        return new Progress() {
            private int currentEpoch;
            private int steps;

            @Override
            public void startEpoch(int e, int epochs, int n) {
                if (e != currentEpoch) {
                    steps = 0;
                }
                currentEpoch = e;
            }

            @Override
            public void step(double loss, double imagesPerSecond) {
                if (currentEpoch == epoch && ++steps == step) {
                    action.run();
                }
            }

            @Override
            public void endEpoch() {}
        };
    }

    private static Progress crashAt(int epoch, int step) {
        return at(epoch, step, () -> {
            throw new IllegalStateException("simulated crash");
        });
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }

    private static ExperimentConfig config(List<String> overrides) {
        return new ConfigLoader(TestFixtures.framework()).parse(TestFixtures.TINY_CONFIG, "tiny.yaml", overrides);
    }

    private static ExperimentRunner runner(Progress progress) {
        return new ExperimentRunner(TestFixtures.framework(), quiet(), progress);
    }

    private Path uninterrupted(ExperimentConfig config) {
        return runner(Progress.silent()).run(config, tmp.resolve("whole"), List.of("test")).directory();
    }

    private static void assertSameNumbers(Path resumed, Path whole) {
        assertThat(RunFiles.metricNumbers(resumed)).isEqualTo(RunFiles.metricNumbers(whole));
        assertThat(RunFiles.summaryNumbers(resumed)).isEqualTo(RunFiles.summaryNumbers(whole));
        assertThat(RunFiles.status(resumed)).isEqualTo("completed");
        String last = RunFiles.checkpoints(whole).get(RunFiles.checkpoints(whole).size() - 1);
        SameDiff a = SameDiff.load(whole.resolve("checkpoint").resolve(last).resolve("model.fb").toFile(), false);
        SameDiff b = SameDiff.load(resumed.resolve("checkpoint").resolve(last).resolve("model.fb").toFile(), false);
        assertThat(b.getArrForVarName("decoder/head/w")).isEqualTo(a.getArrForVarName("decoder/head/w"));
        try {                                   // Adam's moments too, byte for byte
            assertThat(java.nio.file.Files.readAllBytes(resumed.resolve("checkpoint").resolve(last).resolve("optimizer.bin")))
                    .isEqualTo(java.nio.file.Files.readAllBytes(whole.resolve("checkpoint").resolve(last).resolve("optimizer.bin")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOneBitForBit() {
        assertResumeIsBitIdentical(List.of("training.epochs=3"), "compiled");
    }

    @Test
    void onTheCompiledEngineToo() {
        assertResumeIsBitIdentical(List.of("training.epochs=3", "corruption={type: block-occlusion, minSize: 8, maxSize: 20}",
                "losses[0]={type: occlusion-weighted-reconstruction, lambdaHidden: 4.0}"), "compiled");
    }

    @Test
    void componentsOnAScheduleWithTheirOwnNoiseAndAPriorThroughTheEncoderResumeExactly() {
        // the training step, K-sample noise and pseudo-inputs are fed and drawn again from the checkpoint's step
        assertResumeIsBitIdentical(List.of("training.epochs=3", "losses[1]={type: warmup-kl, warmupSteps: 5}",
                "losses[2]={type: k-sample-elbo, samples: 2, weight: 0.5}", "model.prior={type: pseudo-inputs, components: 2}"),
                "compiled");
    }

    @Test
    void aTermWithAnAdversaryOnItsOwnOptimiserResumesExactly() {
        // factor-tc: the discriminator's own Adam settings, its side objective and the permutation's keys
        assertResumeIsBitIdentical(List.of("training.epochs=3",
                "losses[2]={type: factor-tc, gamma: 5, hiddenLayers: 2, hiddenUnits: 16}"), "compiled");
    }

    @Test
    void aVqVaeWithItsCodebookMetricsResumesExactly() {
        // the batch statistics a term logs beside itself (loss/vq/perplexity, loss/vq/codesUsed) join the checkpoint's running sums
        assertResumeIsBitIdentical(List.of("training.epochs=3",
                "model.encoder={type: vq, codes: 8, codeDim: 2, normalize: true, encoder: {type: mlp, hidden: [32]}}",
                "losses[1]={type: vq, beta: 0.25}"), "compiled");
    }

    private void assertResumeIsBitIdentical(List<String> overrides, String engine) {
        ExperimentConfig config = config(overrides);
        Path whole = uninterrupted(config);

        assertThatThrownBy(() -> runner(crashAt(2, 2)).run(config, tmp.resolve("cut"), List.of("test")))
                .hasMessage("simulated crash");
        Path cut = RunFiles.onlyRun(tmp.resolve("cut"));
        assertThat(RunFiles.status(cut)).isEqualTo("failed");
        assertThat(RunFiles.metricNumbers(cut)).extracting(n -> n.get("step").asInt()).contains(4);    // logged in the cut epoch

        runner(Progress.silent()).resume(cut, null, List.of("vaelab", "resume"));

        assertSameNumbers(cut, whole);
        var provenance = RunFiles.json(cut.resolve("provenance.json"));
        assertThat(provenance.get("engine").get("name").asText()).isEqualTo(engine);
        assertThat(provenance.get("resumedFrom").asText()).startsWith("epoch 1 (step 3, step-000000003)");
        assertThat(provenance.get("command").get(0).asText()).isEqualTo("test");        // the original command stays
    }

    @Test
    void checkpointsInsideAnEpochResumeToTheSameNumbers() {
        ExperimentConfig config = config(List.of("training.epochs=3", "training.checkpointEverySteps=2"));
        Path whole = uninterrupted(config);
        assertThat(RunFiles.checkpoints(whole)).containsExactly("step-000000008", "step-000000009");   // newest two

        assertThatThrownBy(() -> runner(crashAt(2, 3)).run(config, tmp.resolve("cut"), List.of("test")))
                .hasMessage("simulated crash");
        Path cut = RunFiles.onlyRun(tmp.resolve("cut"));
        assertThat(RunFiles.checkpoints(cut)).containsExactly("step-000000003", "step-000000004");
        var state = RunFiles.json(cut.resolve("checkpoint/step-000000004/state.json"));
        assertThat(state.get("epochsCompleted").asInt()).isEqualTo(1);
        assertThat(state.get("batchesDone").asInt()).isEqualTo(1);

        runner(Progress.silent()).resume(cut, null, List.of("vaelab", "resume"));
        assertSameNumbers(cut, whole);
        assertThat(RunFiles.json(cut.resolve("provenance.json")).get("resumedFrom").asText())
                .startsWith("epoch 1 + 1 batches (step 4, step-000000004)");
    }

    @Test
    void aStopRequestCheckpointsAtTheNextStepAndMarksTheRunInterrupted() {
        ExperimentConfig config = config(List.of("training.epochs=3", "training.logEvery=2"));
        Path whole = uninterrupted(config);

        AtomicReference<String> signal = new AtomicReference<>();
        ExperimentRunner stopping = runner(at(2, 2, () -> signal.set("SIGTERM"))).stopWhen(signal::get);
        assertThatThrownBy(() -> stopping.run(config, tmp.resolve("cut"), List.of("test")))
                .isInstanceOfSatisfying(RunInterruptedException.class, e -> assertThat(e.exitStatus()).isEqualTo(143))
                .hasMessageContaining("stopped by SIGTERM after step 5").hasMessageContaining("vaelab resume");
        Path cut = RunFiles.onlyRun(tmp.resolve("cut"));
        assertThat(RunFiles.status(cut)).isEqualTo("interrupted");
        assertThat(RunFiles.checkpoints(cut)).endsWith("step-000000005");
        assertThat(RunLock.isHeld(cut)).isFalse();

        runner(Progress.silent()).resume(cut, null, List.of("vaelab", "resume"));
        assertSameNumbers(cut, whole);          // the window of the metrics line cut by the stop continued too
    }

    @Test
    void aKillAfterTheLastCheckpointStillGivesTheFullSummary() throws IOException {
        ExperimentConfig config = config(List.of("evaluation.iwaeSamples=4"));
        Path whole = uninterrupted(config);
        System.setProperty("vaelab.failpoint.diskFull", "run/before-summary");
        try {
            assertThatThrownBy(() -> runner(Progress.silent()).run(config, tmp.resolve("cut"), List.of("test")));
        } finally {
            System.clearProperty("vaelab.failpoint.diskFull");
        }
        Path cut = RunFiles.onlyRun(tmp.resolve("cut"));
        assertThat(cut.resolve("summary.json")).doesNotExist();

        runner(Progress.silent()).resume(cut, null, List.of("vaelab", "resume"));
        assertSameNumbers(cut, whole);
        assertThat(RunFiles.summaryNumbers(cut).get("train").get("loss/total").asDouble()).isFinite();
    }

    @Test
    void aDamagedNewestCheckpointIsRefusedNamingTheFileAndTheOlderOneResumes() throws IOException {
        ExperimentConfig config = config(List.of("training.epochs=3"));
        Path whole = uninterrupted(config);
        assertThatThrownBy(() -> runner(crashAt(3, 2)).run(config, tmp.resolve("cut"), List.of("test")));
        Path cut = RunFiles.onlyRun(tmp.resolve("cut"));
        Path model = cut.resolve("checkpoint/step-000000006/model.fb");
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length / 2] ^= 1;                       // one flipped bit
        Files.write(model, bytes);

        assertThatThrownBy(() -> runner(Progress.silent()).resume(cut, null, List.of("vaelab", "resume")))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining(model.toString()).hasMessageContaining("does not match its checksum")
                .hasMessageContaining("--checkpoint step-000000003");
        assertThat(RunFiles.status(cut)).isEqualTo("failed");         // untouched by the refusal

        runner(Progress.silent()).resume(cut, "step-000000003", List.of("vaelab", "resume"));
        assertSameNumbers(cut, whole);
    }

    @Test
    void aStateWithMissingFieldsIsDamagedNotEpochZero() throws IOException {
        ExperimentConfig config = config(List.of("training.epochs=2"));
        assertThatThrownBy(() -> runner(crashAt(2, 2)).run(config, tmp, List.of("test")));
        Path cut = RunFiles.onlyRun(tmp);
        Path checkpoint = cut.resolve("checkpoint/step-000000003");
        Files.writeString(checkpoint.resolve("state.json"), "{}");
        assertThatThrownBy(() -> runner(Progress.silent()).resume(cut, null, List.of("vaelab", "resume")))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining(checkpoint.resolve("state.json").toString())
                .hasMessageContaining("has 2 bytes; the manifest says");

        // with a manifest that matches the empty state, the state's own check names what is missing
        String sha = org.vaelab.experiments.checkpoint.CheckpointStoreAccess.sha256(checkpoint.resolve("state.json"));
        var manifest = (com.fasterxml.jackson.databind.node.ObjectNode) RunFiles.json(checkpoint.resolve("manifest.json"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) manifest.get("files").get("state.json")).put("bytes", 2).put("sha256", sha);
        Files.writeString(checkpoint.resolve("manifest.json"), manifest.toString());
        assertThatThrownBy(() -> runner(Progress.silent()).resume(cut, null, List.of("vaelab", "resume")))
                .isInstanceOf(UserInputException.class).hasMessageContaining("'steps' is missing")
                .hasMessageContaining("No older intact checkpoint");

        // a whole state from another config is refused too
        String state = "{\"format\":1,\"configSha256\":\"0000\",\"epochsCompleted\":1,\"batchesDone\":0,\"steps\":3,"
                + "\"epochSums\":{},\"epochSteps\":0,\"windowSums\":{},\"windowSteps\":0,\"metricsLines\":4,"
                + "\"trainSeconds\":1.0,\"lastEpochTrain\":{},\"savedAt\":\"x\"}";
        Files.writeString(checkpoint.resolve("state.json"), state);
        ((com.fasterxml.jackson.databind.node.ObjectNode) manifest.get("files").get("state.json"))
                .put("bytes", state.length()).put("sha256", org.vaelab.experiments.checkpoint.CheckpointStoreAccess.sha256(
                        checkpoint.resolve("state.json")));
        Files.writeString(checkpoint.resolve("manifest.json"), manifest.toString());
        assertThatThrownBy(() -> runner(Progress.silent()).resume(cut, null, List.of("vaelab", "resume")))
                .isInstanceOf(UserInputException.class).hasMessageContaining("belongs to another config");
    }

    @Test
    void aCheckpointFromBeforeOptimizerBinResumesFromTheStateInItsModelFile() throws Exception {
        ExperimentConfig config = config(List.of("training.epochs=3"));
        Path whole = uninterrupted(config);
        assertThatThrownBy(() -> runner(crashAt(2, 2)).run(config, tmp.resolve("cut"), List.of("test")));
        Path cut = RunFiles.onlyRun(tmp.resolve("cut"));
        Path checkpoint = cut.resolve("checkpoint/step-000000003");
        writeInTheOldLayout(checkpoint);
        assertThat(checkpoint.resolve("optimizer.bin")).doesNotExist();

        runner(Progress.silent()).resume(cut, null, List.of("vaelab", "resume"));
        assertSameNumbers(cut, whole);
    }

    /**
     * Rewrites a checkpoint as vaelab wrote them before optimizer.bin: Adam's state inside model.fb as SameDiff's
     * own updater state (set here by reflection, as the old writer's SameDiff had it), no optimizer.bin in the
     * folder or the manifest.
     */
    private static void writeInTheOldLayout(Path checkpoint) throws Exception {
        SameDiff model = SameDiff.load(checkpoint.resolve("model.fb").toFile(), false);
        Map<String, Map<String, org.nd4j.linalg.api.ndarray.INDArray>> saved;
        try (var in = Files.newInputStream(checkpoint.resolve("optimizer.bin"))) {
            saved = org.vaelab.engine.graph.OptimizerState.read(in);
        }
        var state = org.vaelab.engine.graph.OptimizerState.fresh(model, saved.keySet());
        state.restore(saved, "optimizer.bin");
        Map<String, org.nd4j.linalg.learning.GradientUpdater> updaters = new java.util.HashMap<>(state.updaters());
        var map = SameDiff.class.getDeclaredField("updaterMap");
        var initialised = SameDiff.class.getDeclaredField("initializedTraining");
        map.setAccessible(true);
        initialised.setAccessible(true);
        map.set(model, updaters);
        initialised.setBoolean(model, true);
        model.save(checkpoint.resolve("model.fb").toFile(), true);
        Files.delete(checkpoint.resolve("optimizer.bin"));
        var manifest = (com.fasterxml.jackson.databind.node.ObjectNode) RunFiles.json(checkpoint.resolve("manifest.json"));
        var files = (com.fasterxml.jackson.databind.node.ObjectNode) manifest.get("files");
        files.remove("optimizer.bin");
        ((com.fasterxml.jackson.databind.node.ObjectNode) files.get("model.fb"))
                .put("bytes", Files.size(checkpoint.resolve("model.fb")))
                .put("sha256", org.vaelab.experiments.checkpoint.CheckpointStoreAccess.sha256(checkpoint.resolve("model.fb")));
        Files.writeString(checkpoint.resolve("manifest.json"), manifest.toString());
    }

    @Test
    void aFullDiskDuringACheckpointKeepsTheLastGoodOneAndFailsClearly() throws IOException {
        ExperimentConfig config = config(List.of("training.epochs=3"));
        Path whole = uninterrupted(config);
        try {
            // the first checkpoint is written; the disk "fills" during epoch 2, after the second one's model
            ExperimentRunner r = runner(at(2, 1, () -> System.setProperty("vaelab.failpoint.diskFull",
                    "checkpoint/model-written")));
            assertThatThrownBy(() -> r.run(config, tmp.resolve("cut"), List.of("test")))
                    .isInstanceOf(CheckpointStore.CheckpointWriteException.class)
                    .hasMessageContaining("no space left on device")
                    .hasMessageContaining("step-000000006")
                    .hasMessageContaining("the last good checkpoint, step-000000003, is kept");
        } finally {
            System.clearProperty("vaelab.failpoint.diskFull");
        }
        Path cut = RunFiles.onlyRun(tmp.resolve("cut"));
        assertThat(RunFiles.status(cut)).isEqualTo("failed");
        assertThat(RunFiles.json(cut.resolve("provenance.json")).get("error").asText()).contains("no space left on device");
        try (Stream<Path> left = Files.list(cut.resolve("checkpoint"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("step-000000003");   // no partial litter
        }
        runner(Progress.silent()).resume(cut, null, List.of("vaelab", "resume"));
        assertSameNumbers(cut, whole);
    }

    @Test
    void aSecondWriterIsRefusedNamingTheHolder() {
        ExperimentConfig config = config(List.of("training.epochs=2"));
        assertThatThrownBy(() -> runner(crashAt(2, 2)).run(config, tmp, List.of("test")));
        Path cut = RunFiles.onlyRun(tmp);
        try (RunLock held = RunLock.acquire(cut)) {
            assertThat(RunLock.isHeld(cut)).isTrue();
            assertThatThrownBy(() -> runner(Progress.silent()).resume(cut, null, List.of("vaelab", "resume")))
                    .isInstanceOf(UserInputException.class).hasMessageContaining("is in use by")
                    .hasMessageContaining(Long.toString(ProcessHandle.current().pid()));
        }
        assertThat(RunLock.isHeld(cut)).isFalse();
        runner(Progress.silent()).resume(cut, null, List.of("vaelab", "resume"));
        assertThat(RunFiles.status(cut)).isEqualTo("completed");
    }

    @Test
    void aRunStoppedBeforeItsFirstCheckpointResumesFromTheStart() throws IOException {
        ExperimentConfig config = config(List.of());
        Path whole = uninterrupted(config);
        assertThatThrownBy(() -> runner(crashAt(1, 2)).run(config, tmp.resolve("cut"), List.of("test")));
        Path cut = RunFiles.onlyRun(tmp.resolve("cut"));
        assertThat(RunFiles.checkpoints(cut)).isEmpty();
        // what kills during writes leave: an atomic write's temporary file, a checkpoint folder never renamed
        Files.createFile(cut.resolve(".summary.json123.tmp"));
        Files.createDirectories(cut.resolve("checkpoint/.step-000000002.partial"));
        Files.createFile(cut.resolve("checkpoint/.step-000000002.partial/model.fb"));
        runner(Progress.silent()).resume(cut, null, List.of("vaelab", "resume"));
        assertSameNumbers(cut, whole);
        assertThat(cut.resolve(".summary.json123.tmp")).doesNotExist();
        assertThat(cut.resolve("checkpoint/.step-000000002.partial")).doesNotExist();
    }

    @Test
    void aConfigWhoseDataDoNotFitLeavesNoRunDirectory() throws IOException {
        ExperimentConfig config = config(List.of(
                "model.encoder={type: conv, channels: [4], kernel: 3, stride: 2, padding: 0, dense: [8]}",
                "model.decoder={type: conv, channels: [4], kernel: 5, stride: 3, padding: 0, dense: [8]}"));
        assertThatThrownBy(() -> runner(Progress.silent()).run(config, tmp, List.of("test")))
                .isInstanceOf(UserInputException.class);
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.toList()).isEmpty();
        }
    }

    @Test
    void completedRunsAndNonRunsAreRefused() throws IOException {
        ExperimentConfig config = config(List.of("training.epochs=1"));
        ExperimentRunner runner = runner(Progress.silent());
        Path done = runner.run(config, tmp, List.of("test")).directory();
        String before = Files.readString(done.resolve("metrics.jsonl"));
        assertThatThrownBy(() -> runner.resume(done, null, List.of("vaelab", "resume"))).isInstanceOf(UserInputException.class)
                .hasMessageContaining("already completed");
        assertThat(Files.readString(done.resolve("metrics.jsonl"))).isEqualTo(before);
        assertThatThrownBy(() -> runner.resume(tmp.resolve("nothing"), null, List.of())).isInstanceOf(UserInputException.class)
                .hasMessageContaining("not a run directory");
        Path empty = Files.createDirectory(tmp.resolve("2026-01-01T00-00-00Z_tiny_00000000"));
        assertThatThrownBy(() -> runner.resume(empty, null, List.of())).isInstanceOf(UserInputException.class)
                .hasMessageContaining("is empty");
    }
}
