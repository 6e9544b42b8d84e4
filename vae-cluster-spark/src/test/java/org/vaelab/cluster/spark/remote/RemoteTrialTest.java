package org.vaelab.cluster.spark.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaelab.experiments.RunFiles;
import org.vaelab.experiments.TestFixtures;
import org.vaelab.experiments.config.ConfigLoader;
import org.vaelab.experiments.config.ExperimentConfig;
import org.vaelab.experiments.plugins.Framework;
import org.vaelab.experiments.runner.RunInterruptedException;
import org.vaelab.experiments.sweep.InProcessTrials;
import org.vaelab.experiments.sweep.SweepPlan;
import org.vaelab.experiments.sweep.TrialExecutor;
import org.vaelab.experiments.train.Progress;

/**
 * A trial whose sweep folder is on a Hadoop file system: staged locally, its checkpoints copied up, continued by a
 * later attempt from the copy, and published whole, with the numbers of a run that never stopped.
 */
class RemoteTrialTest {

    @TempDir
    Path tmp;

    private final Framework framework = TestFixtures.framework();
    private ExperimentConfig config;
    private String sha;
    private Path remoteSweep;
    private HadoopFolders folders;

    @BeforeEach
    void setUp() throws IOException {
        ConfigLoader loader = new ConfigLoader(framework);
        config = loader.load(Files.writeString(tmp.resolve("tiny.yaml"), TestFixtures.TINY_CONFIG), List.of());
        sha = loader.sha256(config);
        remoteSweep = Files.createDirectories(tmp.resolve("remote").resolve("sweep_tiny"));
        Configuration conf = new Configuration();
        conf.set(ElsewhereFileSystem.IMPL_KEY, ElsewhereFileSystem.class.getName());
        folders = HadoopFolders.open(ElsewhereFileSystem.url(tmp.resolve("remote")), conf);
    }

    @Test
    void aTrialStoppedAfterItsFirstCheckpointContinuesFromTheCopyWithTheNumbersOfAnUninterruptedRun() throws IOException {
        Path local = Files.createDirectories(tmp.resolve("local"));
        assertThat(new InProcessTrials(framework, quiet(), Progress.silent(), () -> null).execute(trialIn(local))).isNull();
        Path uninterrupted = only(local);

        // the first attempt stops (as on a killed task) once its first checkpoint is on the remote file system
        Path state = remoteSweep.resolve(".trials").resolve(sha);
        Supplier<String> stopOnceCopied = () -> Files.isDirectory(state) && list(state).stream()
                .anyMatch(p -> Files.isDirectory(p.resolve("checkpoint"))) ? "SIGTERM" : null;
        assertThatThrownBy(() -> attempt(null, stopOnceCopied)).isInstanceOf(RunInterruptedException.class);
        assertThat(visibleRuns()).as("nothing is published before the run ends").isEmpty();
        Path copied = only(state);
        assertThat(copied.resolve("checkpoint")).isDirectory();
        assertThat(remoteSweep.resolve(".trials").resolve(sha + ".name")).hasContent(copied.getFileName().toString());

        assertThat(attempt(null, () -> null)).isNull();
        List<Path> runs = visibleRuns();
        assertThat(runs).hasSize(1);
        Path published = runs.get(0);
        assertThat(published.getFileName()).isEqualTo(copied.getFileName());
        assertThat(RunFiles.json(published.resolve("provenance.json")).path("status").asText()).isEqualTo("completed");
        assertThat(RunFiles.json(published.resolve("provenance.json")).path("resumedFrom").asText()).startsWith("epoch 1");
        assertThat(RunFiles.metricNumbers(published)).isEqualTo(RunFiles.metricNumbers(uninterrupted));
        assertThat(published.resolve("checkpoint")).isDirectory();
        assertThat(state).as("the state goes once the run is published").doesNotExist();
        assertThat(list(remoteSweep).stream().map(p -> p.getFileName().toString()))
                .as("no partial copy is left").noneMatch(n -> n.contains(HadoopFolders.UPLOAD));

        // a third attempt (the driver saw the run ended) finds it completed and publishes nothing new
        long modified = Files.getLastModifiedTime(published.resolve("summary.json")).toMillis();
        assertThat(attempt(published.getFileName().toString(), () -> null)).isNull();
        assertThat(visibleRuns()).containsExactly(published);
        assertThat(Files.getLastModifiedTime(published.resolve("summary.json")).toMillis()).isEqualTo(modified);
    }

    @Test
    void aSecondAttemptThatStartedItsOwnRunDirectoryBesideTheFirstDoesNotPublishIt() throws IOException {
        assertThat(attempt(null, () -> null)).isNull();
        // the first attempt's run directory, under a name of an earlier second (names are UTC seconds: a fast run
        // would otherwise give the second attempt the same name)
        Path published = only(visibleRuns());
        Path first = published.resolveSibling("2000-01-01T00-00-00Z_" + published.getFileName().toString().substring(21));
        Files.move(published, first);
        Files.writeString(remoteSweep.resolve(".trials").resolve(sha + ".name"), first.getFileName().toString());
        // a zombie attempt that never saw the first one's state: it trains a run directory of another name
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        assertThat(new RemoteTrial(folders, ElsewhereFileSystem.url(remoteSweep), sha, null, new PrintStream(said, true))
                .execute(this::trialIn, new InProcessTrials(framework, quiet(), Progress.silent(), () -> null)
                        .afterCheckpoint(d -> {}), framework.json())).isNull();
        assertThat(visibleRuns()).containsExactly(first);
        assertThat(said.toString()).contains("another attempt of this trial keeps " + first.getFileName());
    }

    private String attempt(String publishedName, Supplier<String> stop) throws IOException {
        return new RemoteTrial(folders, ElsewhereFileSystem.url(remoteSweep), sha, publishedName, quiet())
                .execute(this::trialIn, new InProcessTrials(framework, quiet(), Progress.silent(), stop), framework.json());
    }

    private TrialExecutor.Trial trialIn(Path sweepDir) {
        return new TrialExecutor.Trial(sweepDir, config, sha, new SweepPlan.Variant("tiny", new LinkedHashMap<>()),
                List.of("test"), 0, null);
    }

    private List<Path> visibleRuns() {
        return list(remoteSweep).stream().filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                .toList();
    }

    private static Path only(Path dir) {
        List<Path> children = list(dir).stream().filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        assertThat(children).hasSize(1);
        return children.get(0);
    }

    private static Path only(List<Path> paths) {
        assertThat(paths).hasSize(1);
        return paths.get(0);
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
