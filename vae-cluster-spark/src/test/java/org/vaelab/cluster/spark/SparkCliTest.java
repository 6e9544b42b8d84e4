package org.vaelab.cluster.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaelab.cluster.spark.remote.ElsewhereFileSystem;
import org.vaelab.experiments.cli.CliRun;
import org.vaelab.experiments.cli.Main;

/** {@code vaelab sweep --executor spark} from the command line: it runs, and every user error is one line. */
class SparkCliTest {

    @TempDir
    Path tmp;

    @Test
    void aSweepRunsOnTheEmbeddedMasterFromTheCommandLine() throws IOException {
        CliRun.Outcome o = sweep("--master", "local[2]", "--conf", "spark.ui.enabled=false");
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("2 run(s) as Spark tasks on local[2] (1 core(s) each)")
                .contains("sweep: 2 of 2 runs completed");
        try (var sweeps = Files.list(tmp.resolve("runs"))) {
            Path sweep = sweeps.findFirst().orElseThrow();
            assertThat(sweep.resolve("table.md")).content().contains("| tiny | 2 |");
            // the runs record the executor in the command that made them
            assertThat(SparkSweeps.json(SparkSweeps.runDirectories(sweep).get(0).resolve("provenance.json"))
                    .path("command").toString()).contains("\"--executor\",\"spark\",\"--master\",\"local[2]\"");
        }
    }

    @Test
    void aSweepWritesToAHadoopFileSystemURLFromTheCommandLine() throws IOException {
        Path remote = tmp.resolve("remote");
        String url = ElsewhereFileSystem.url(remote);
        CliRun.Outcome o = sweep("--master", "local[2]", "--conf", "spark.ui.enabled=false", "--out", url,
                "--conf", "spark.hadoop." + ElsewhereFileSystem.IMPL_KEY + "=" + ElsewhereFileSystem.class.getName(),
                "--conf", "spark.vaelab.mirror=" + tmp.resolve("mirror"));
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("sweep: runs go to " + url + "/sweep_tiny_").contains("sweep: 2 of 2 runs completed");
        try (var sweeps = Files.list(remote)) {
            Path sweep = sweeps.findFirst().orElseThrow();
            assertThat(sweep.resolve("table.md")).content().contains("| tiny | 2 |");
            assertThat(sweep.resolve("sweep.json")).isRegularFile();
            assertThat(SparkSweeps.runDirectories(sweep)).hasSize(2)
                    .allMatch(run -> Files.isRegularFile(run.resolve("summary.json")) && Files.isDirectory(run.resolve("checkpoint")));
        }
        // the in-process executor has no remote file systems: one line
        assertOneLineError(CliRun.vaelab("sweep", tmp.resolve("tiny.yaml").toString(), "--grid", "seed=[1, 2]", "--out", url),
                "error: --out " + url + ": a file system URL is for --executor spark");
    }

    @Test
    void aMasterURLThatSparkDoesNotKnowIsOneLine() throws IOException {
        assertOneLineError(sweep("--master", "localhost:7077"), "error: --master 'localhost:7077' is not a Spark master URL; "
                + "use local[N] (embedded, N cores), spark://HOST:7077 (standalone), yarn, or k8s://https://HOST:PORT");
        assertOneLineError(sweep("--master", "spark://127.0.0.1"), "error: --master 'spark://127.0.0.1': expected spark://HOST:PORT");
        assertOneLineError(sweep("--master", "yarn"), "error: --master yarn needs org.apache.spark:spark-yarn_2.13 on the class path");
    }

    @Test
    void aMasterThatIsNotRunningIsOneLineAfterTheConnectTimeout() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();                 // free again once closed: nothing listens there
        }
        CliRun.Outcome o = sweep("--master", "spark://127.0.0.1:" + port, "--conf", "spark.vaelab.connectTimeout=2");
        assertOneLineError(o, "error: cannot reach the Spark master spark://127.0.0.1:" + port + " (127.0.0.1:" + port + ": ");
        assertThat(o.err()).contains("is it running?");
        assertThat(tmp.resolve("runs")).doesNotExist();          // checked before the sweep folder is made
        assertOneLineError(sweep("--master", "spark://no-such-host.invalid:7077"),
                "error: cannot reach the Spark master spark://no-such-host.invalid:7077 (unknown host no-such-host.invalid)");
    }

    @Test
    void optionsTheSparkExecutorCannotHonourAreOneLine() throws IOException {
        assertOneLineError(sweep("--master", "local[2]", "--out", "nosuch://namenode:8020/runs", "--conf", "spark.ui.enabled=false"),
                "error: --out nosuch://namenode:8020/runs: no Hadoop file system for 'nosuch://' on the class path");
        assertOneLineError(sweep("--master", "local[2]", "--conf", "spark.speculation=true"),
                "error: --conf spark.speculation=true is not supported");
        assertOneLineError(sweep("--master", "local[2]", "--workers", "2"), "error: --workers is for the in-process executor");
        assertOneLineError(sweep("--master", "local[2]", "--conf", "spark.vaelab.executorTimeout=soon"),
                "error: --conf spark.vaelab.executorTimeout=soon: expected a whole number above 0");
        assertOneLineError(sweep("--master", "local[1]", "--set", "training.threads=2", "--conf", "spark.ui.enabled=false"),
                "error: a trial needs 2 cores (spark.task.cpus, from training.threads: 2) but --master local[1] has 1");
    }

    private static void assertOneLineError(CliRun.Outcome o, String start) {
        assertThat(o.status()).as(o.err()).isEqualTo(Main.USER_ERROR);
        assertThat(o.err()).startsWith(start).doesNotContain("\tat ").doesNotContain("Exception").hasLineCount(1);
    }

    /** @return {@code vaelab sweep tiny.yaml --grid seed=[1, 2] --executor spark ARGS... [--out tmp/runs]} in this JVM */
    private CliRun.Outcome sweep(String... args) throws IOException {
        Path config = Files.writeString(tmp.resolve("tiny.yaml"), SparkSweeps.TINY_CONFIG);
        List<String> all = new ArrayList<>(List.of("sweep", config.toString(), "--grid", "seed=[1, 2]", "--set",
                "training.epochs=1", "--executor", "spark"));
        all.addAll(List.of(args));
        if (!all.contains("--out")) {
            all.addAll(List.of("--out", tmp.resolve("runs").toString()));
        }
        return CliRun.vaelab(all.toArray(String[]::new));
    }
}
