package org.vaelab.cluster.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    @Test
    void successiveHalvingRunsRungByRungOnSparkWithTheInProcessPromotionsAndNumbers() throws IOException {
        Path config = Files.writeString(tmp.resolve("tiny.yaml"), SparkSweeps.TINY_CONFIG);
        SweepPlan plan = SweepPlan.parse(List.of("losses[1].beta=[0.5, 2, 4, 8]"), SparkSweeps.framework().yaml());
        List<String> overrides = List.of("evaluation.everyEpochs=1");
        SuccessiveHalving search = new SuccessiveHalving(1, 2);
        SweepRunner.Result inProcess = new SweepRunner(SparkSweeps.framework(), SparkSweeps.quiet(), Progress.silent())
                .run(config, overrides, plan, tmp.resolve("in-process"), List.of("test"), "test.negElbo", true, search);

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SweepRunner.Result spark;
        try (TrialExecutor trials = openSpark(tmp.resolve("spark"), new PrintStream(log, true))) {
            spark = new SweepRunner(SparkSweeps.framework(), new PrintStream(log, true), Progress.silent()).executor(trials)
                    .run(config, overrides, plan, tmp.resolve("spark"), List.of("test"), "test.negElbo", true, search);
        }
        // rung 1: four trials to epoch 1 as one job; rung 2: the best two to the end as another
        assertThat(log.toString()).contains("4 run(s) as Spark tasks").contains("2 run(s) as Spark tasks");
        assertThat(spark.completed()).isEqualTo(2);
        assertThat(SparkSweeps.json(spark.directory().resolve("search.json")))
                .isEqualTo(SparkSweeps.json(inProcess.directory().resolve("search.json")));
        assertThat(SparkSweeps.numbersByConfig(spark.directory()))
                .isEqualTo(SparkSweeps.numbersByConfig(inProcess.directory()));
        assertThat(table(spark.directory())).isEqualTo(table(inProcess.directory()))
                .contains("paused by a sweep's successive halving");
    }

    /** @return the sweep's table.md, with its own folder and the runs' start times taken out of the paths it lists */
    private static String table(Path sweepDir) throws IOException {
        return Files.readString(sweepDir.resolve("table.md")).replace(sweepDir.toString(), "SWEEP")
                .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ_", "");
    }

    private static TrialExecutor openSpark(Path out, PrintStream log) {
        TrialExecutorProvider spark = TrialExecutors.provider("spark");            // found through ServiceLoader
        return spark.open(SparkSweeps.framework(), new TrialExecutorProvider.Options("local[2]", SparkSweeps.QUIET_SPARK, out),
                log, () -> null);
    }
}
