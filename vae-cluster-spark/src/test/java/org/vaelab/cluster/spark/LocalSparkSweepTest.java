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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaelab.cluster.spark.remote.ElsewhereFileSystem;
import org.vaelab.experiments.sweep.SuccessiveHalving;
import org.vaelab.experiments.sweep.SweepPlan;
import org.vaelab.experiments.sweep.SweepRunner;
import org.vaelab.experiments.sweep.TrialExecutor;
import org.vaelab.experiments.sweep.TrialExecutorProvider;
import org.vaelab.experiments.sweep.TrialExecutors;
import org.vaelab.experiments.train.Progress;

/** The embedded local[2] master gives the numbers of the in-process executor. */
class LocalSparkSweepTest {

    @TempDir
    Path tmp;

    @Test
    void aSweepOnLocalSparkGivesTheTableAndEveryNumberOfTheInProcessExecutor() throws IOException {
        Path config = Files.writeString(tmp.resolve("tiny.yaml"), SparkSweeps.TINY_CONFIG);
        SweepPlan plan = SweepPlan.parse(List.of("losses[1].beta=[0.5, 4]", "seed=[1, 2]"),
                SparkSweeps.framework().yaml());
        List<String> overrides = List.of("training.epochs=1");
        SweepRunner.Result inProcess = new SweepRunner(SparkSweeps.framework(), SparkSweeps.quiet(), Progress.silent())
                .run(config, overrides, plan, tmp.resolve("in-process"), List.of("test"));

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SweepRunner.Result spark;
        try (TrialExecutor trials = openSpark(tmp.resolve("spark"), new PrintStream(log, true))) {
            spark = new SweepRunner(SparkSweeps.framework(), new PrintStream(log, true), Progress.silent()).executor(trials)
                    .run(config, overrides, plan, tmp.resolve("spark"), List.of("test"));
        }
        assertThat(log.toString()).contains("4 run(s) as Spark tasks on local[2] (1 core(s) each)");
        assertThat(spark.completed()).isEqualTo(4);
        assertThat(spark.failures()).isEmpty();
        assertThat(SparkSweeps.runDirectories(spark.directory())).hasSize(4);
        assertThat(spark.directory().getFileName()).isEqualTo(inProcess.directory().getFileName());
        assertThat(Files.readString(spark.directory().resolve("table.md")))
                .isEqualTo(Files.readString(inProcess.directory().resolve("table.md")));
        assertThat(SparkSweeps.numbersByConfig(spark.directory())).hasSize(4)
                .isEqualTo(SparkSweeps.numbersByConfig(inProcess.directory()));
    }

    /**
     * Successive halving pauses runs at a rung and continues the promoted ones: here with the sweep folder on a Hadoop
     * file system (a test scheme over the local disk), so each continued run goes down to an executor and up again.
     */
    @Test
    void successiveHalvingOnSparkWithAHadoopOutputRootGivesTheInProcessPromotionsNumbersAndTable() throws IOException {
        Path config = Files.writeString(tmp.resolve("tiny.yaml"), SparkSweeps.TINY_CONFIG);
        SweepPlan plan = SweepPlan.parse(List.of("losses[1].beta=[0.5, 2, 4, 8]"), SparkSweeps.framework().yaml());
        List<String> overrides = List.of("evaluation.everyEpochs=1");
        SuccessiveHalving search = new SuccessiveHalving(1, 2);
        SweepRunner.Result inProcess = new SweepRunner(SparkSweeps.framework(), SparkSweeps.quiet(), Progress.silent())
                .run(config, overrides, plan, tmp.resolve("in-process"), List.of("test"), "test.negElbo", true, search);

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SweepRunner.Result spark;
        Map<String, String> conf = new HashMap<>(SparkSweeps.QUIET_SPARK);
        conf.put("spark.hadoop." + ElsewhereFileSystem.IMPL_KEY, ElsewhereFileSystem.class.getName());
        conf.put("spark.vaelab.mirror", tmp.resolve("mirror").toString());
        String url = ElsewhereFileSystem.url(tmp.resolve("remote"));
        try (TrialExecutor trials = TrialExecutors.provider("spark").open(SparkSweeps.framework(),
                new TrialExecutorProvider.Options("local[2]", conf, url), new PrintStream(log, true), () -> null)) {
            spark = new SweepRunner(SparkSweeps.framework(), new PrintStream(log, true), Progress.silent()).executor(trials)
                    .run(config, overrides, plan, trials.localOutputRoot(url), List.of("test"), "test.negElbo", true, search);
        }
        // rung 1: four trials to epoch 1 as one job; rung 2: the best two to the end as another
        assertThat(log.toString()).contains("4 run(s) as Spark tasks").contains("2 run(s) as Spark tasks")
                .contains("sweep: runs go to " + url + "/" + spark.directory().getFileName());
        assertThat(spark.completed()).isEqualTo(2);
        assertThat(spark.directory()).startsWith(tmp.resolve("mirror"));
        Path remote = tmp.resolve("remote").resolve(spark.directory().getFileName());
        for (Path sweep : List.of(spark.directory(), remote)) {      // the mirror and the remote sweep folder agree
            assertThat(SparkSweeps.json(sweep.resolve("search.json")))
                    .isEqualTo(SparkSweeps.json(inProcess.directory().resolve("search.json")));
            assertThat(SparkSweeps.numbersByConfig(sweep)).hasSize(4)
                    .isEqualTo(SparkSweeps.numbersByConfig(inProcess.directory()));
            assertThat(table(sweep, spark.directory())).isEqualTo(table(inProcess.directory(), inProcess.directory()))
                    .contains("paused by a sweep's successive halving");
        }
        // the remote runs are whole, checkpoints included; the mirror keeps what the table reads
        for (Path run : SparkSweeps.runDirectories(remote)) {
            assertThat(run.resolve("checkpoint")).isDirectory();
        }
        assertThat(SparkSweeps.runDirectories(spark.directory())).allMatch(run -> !Files.exists(run.resolve("checkpoint")));
        // no trial state or partial copy is left, only the names the runs claimed
        try (var trialFiles = Files.list(remote.resolve(".trials"))) {
            assertThat(trialFiles.map(p -> p.getFileName().toString())).hasSize(4).allMatch(n -> n.endsWith(".name"));
        }
        try (var hidden = Files.list(remote)) {
            assertThat(hidden.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".upload-"));
        }
    }

    /**
     * @param sweepDir a sweep folder
     * @param recorded the folder the table's paths name (a mirror's table names the mirror)
     * @return its table.md, with that folder and the runs' start times taken out of the paths it lists
     */
    private static String table(Path sweepDir, Path recorded) throws IOException {
        return Files.readString(sweepDir.resolve("table.md")).replace(recorded.toString(), "SWEEP")
                .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ_", "");
    }

    private static TrialExecutor openSpark(Path out, PrintStream log) {
        TrialExecutorProvider spark = TrialExecutors.provider("spark");            // found through ServiceLoader
        return spark.open(SparkSweeps.framework(), new TrialExecutorProvider.Options("local[2]", SparkSweeps.QUIET_SPARK, out.toString()),
                log, () -> null);
    }
}
