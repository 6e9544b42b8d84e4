package org.vaelab.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaelab.experiments.TestFixtures;

class MainTest {

    @TempDir
    Path tmp;

    @Test
    void validateAcceptsAGoodConfig() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("ok.yaml"), TestFixtures.TINY_CONFIG);
        CliRun.Outcome o = CliRun.vaelab("validate", cfg.toString());
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("valid");
        CliRun.Outcome printed = CliRun.vaelab("validate", cfg.toString(), "--print", "--set", "model.latentDim=6");
        assertThat(printed.out()).contains("\"latentDim\" : 6");
    }

    @Test
    void aBadConfigGivesOneClearMessageAndNoStackTrace() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("bad.yaml"), "losses:\n  - {type: bernoulli-reconstruction}\n  - {type: beta-kl, beta: -1}\n");
        CliRun.Outcome o = CliRun.vaelab("validate", cfg.toString());
        assertThat(o.status()).isEqualTo(Main.USER_ERROR);
        assertThat(o.err()).contains("losses[1].beta (line 3): must be greater than or equal to 0")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void validateBuildsTheModelSoComponentErrorsShowBeforeTraining() throws Exception {
        Path ok = Files.writeString(tmp.resolve("ok.yaml"), TestFixtures.TINY_CONFIG);
        assertThat(CliRun.vaelab("validate", ok.toString()).out()).contains("valid").contains("96 train / 32 test")
                .contains("parameters");
        String denoisingWithoutCorruption = TestFixtures.TINY_CONFIG.replace("- {type: bernoulli-reconstruction}",
                "- {type: denoising}");
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), denoisingWithoutCorruption);
        CliRun.Outcome o = CliRun.vaelab("validate", bad.toString());
        assertThat(o.status()).isEqualTo(Main.USER_ERROR);
        assertThat(o.err()).contains("needs a `corruption` section").doesNotContain("\tat ");
        assertThat(CliRun.vaelab("validate", bad.toString(), "--no-build").status()).isZero();
    }

    @Test
    void aMissingFileIsAUserError() {
        CliRun.Outcome o = CliRun.vaelab("train", tmp.resolve("nope.yaml").toString());
        assertThat(o.status()).isEqualTo(Main.USER_ERROR);
        assertThat(o.err()).contains("config file not found").contains("nope.yaml").doesNotContain("\tat ");
    }

    @Test
    void anOutFolderThatIsAFileSaysSo() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("tiny.yaml"), TestFixtures.TINY_CONFIG);
        Path file = Files.writeString(tmp.resolve("runs"), "a file, not a folder");
        CliRun.Outcome o = CliRun.vaelab("train", cfg.toString(), "--out", file.toString());
        assertThat(o.status()).isEqualTo(Main.USER_ERROR);
        assertThat(o.err()).contains("error: cannot create a run directory under " + file + ": " + file
                + " is a file, not a directory").doesNotContain("\tat ");
        CliRun.Outcome below = CliRun.vaelab("sweep", cfg.toString(), "--grid", "seed=[1]", "--out", file.resolve("sweeps").toString());
        assertThat(below.status()).isEqualTo(Main.USER_ERROR);
        assertThat(below.err()).contains("error: cannot create a sweep directory under " + file.resolve("sweeps") + ": "
                + file + " is a file, not a directory").doesNotContain("\tat ");
    }

    @Test
    void aSweepExecutorThatIsNotOnTheClassPathNamesTheModuleToAdd() throws Exception {
        // vae-cluster-spark is an optional module, not a dependency of this one
        Path cfg = Files.writeString(tmp.resolve("tiny.yaml"), TestFixtures.TINY_CONFIG);
        Path out = tmp.resolve("sweeps");
        CliRun.Outcome spark = CliRun.vaelab("sweep", cfg.toString(), "--grid", "seed=[1]", "--out", out.toString(),
                "--executor", "spark", "--master", "local[2]");
        assertThat(spark.status()).isEqualTo(Main.USER_ERROR);
        assertThat(spark.err()).startsWith("error: --executor spark needs the vae-cluster-spark module")
                .doesNotContain("\tat ").hasLineCount(1);
        CliRun.Outcome unknown = CliRun.vaelab("sweep", cfg.toString(), "--grid", "seed=[1]", "--out", out.toString(),
                "--executor", "dask");
        assertThat(unknown.err()).contains("error: unknown --executor 'dask'; available: in-process");
        CliRun.Outcome masterAlone = CliRun.vaelab("sweep", cfg.toString(), "--grid", "seed=[1]", "--out", out.toString(),
                "--master", "local[2]");
        assertThat(masterAlone.err()).contains("error: --master and --conf are for a cluster executor");
        assertThat(out).doesNotExist();                    // nothing ran
    }

    @Test
    void anOutFolderWithoutWritePermissionSaysPermissionDenied() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("tiny.yaml"), TestFixtures.TINY_CONFIG);
        Path locked = Files.createDirectory(tmp.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(locked), "running as root: permissions do not stop it from writing");
            CliRun.Outcome o = CliRun.vaelab("train", cfg.toString(), "--out", locked.resolve("runs").toString());
            assertThat(o.status()).isEqualTo(Main.USER_ERROR);
            assertThat(o.err()).contains("error: cannot create a run directory under " + locked.resolve("runs")
                    + ": permission denied").doesNotContain("\tat ");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void unknownOptionsArePicocliUsageErrors() {
        CliRun.Outcome o = CliRun.vaelab("train", "x.yaml", "--bogus");
        assertThat(o.status()).isEqualTo(Main.USER_ERROR);
        assertThat(o.err()).contains("Unknown option").doesNotContain("\tat ");
    }

    @Test
    void pluginsListsEveryKindWithFieldsAndDefaults() {
        CliRun.Outcome o = CliRun.vaelab("plugins");
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("encoder:", "decoder:", "prior:", "loss:", "data:", "corruption:")
                .contains("mlp", "standard-normal", "bernoulli-reconstruction", "beta-kl", "dsprites", "idx")
                .contains("scaled-normal").contains("hidden");
    }

    @Test
    void pluginsMarkdownPrintsTheConfigReference() {
        CliRun.Outcome o = CliRun.vaelab("plugins", "--markdown");
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).startsWith("# Config reference\n")
                .contains("| Name | Type | Default | Description |", "### encoder `mlp`", "### prior `scaled-normal`")
                .doesNotContain("plugins loaded:");
    }

    @Test
    void trainWritesARunAndPrintsItsDirectory() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("tiny.yaml"), TestFixtures.TINY_CONFIG);
        CliRun.Outcome o = CliRun.vaelab("train", cfg.toString(), "--out", tmp.resolve("runs").toString(), "--set", "training.epochs=1");
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("run directory:").contains("epoch 1/1").contains("test -ELBO");
        try (var dirs = Files.list(tmp.resolve("runs"))) {
            assertThat(dirs).hasSize(1);
        }
    }

    @Test
    void aRunThatFailsBeforeTrainingLeavesNoRunDirectory() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("tiny.yaml"), TestFixtures.TINY_CONFIG);
        Path runs = tmp.resolve("runs");
        Path emptyFolder = Files.createDirectories(tmp.resolve("no-images"));
        for (String bad : List.of("data={type: image-folder, path: " + emptyFolder + "}",       // a data error
                "data={type: image-folder, path: " + tmp.resolve("missing") + "}",
                "model.decoder={type: conv, channels: [4], kernel: 5, stride: 3, padding: 0, dense: [8]}")) {  // shapes
            CliRun.Outcome o = CliRun.vaelab("train", cfg.toString(), "--out", runs.toString(), "--set", bad);
            assertThat(o.status()).as(bad + "\n" + o.err()).isEqualTo(2);
            assertThat(o.err()).startsWith("error: ").doesNotContain("Exception");
            if (Files.exists(runs)) {
                try (var left = Files.list(runs)) {
                    assertThat(left.toList()).as(bad).isEmpty();
                }
            }
        }
    }
}
