package org.vaelab.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaelab.experiments.TestFixtures;

/** verify and compare through the CLI. */
class VerifyCompareTest {

    @TempDir
    Path tmp;

    private Path train(String... sets) throws Exception {
        Path cfg = tmp.resolve("tiny.yaml");
        Files.writeString(cfg, TestFixtures.TINY_CONFIG);
        String[] args = new String[5 + 2 * sets.length];
        args[0] = "train";
        args[1] = cfg.toString();
        args[2] = "--out";
        args[3] = tmp.resolve("runs").toString();
        args[4] = "--quiet";
        for (int i = 0; i < sets.length; i++) {
            args[5 + 2 * i] = "--set";
            args[6 + 2 * i] = sets[i];
        }
        CliRun.Outcome o = CliRun.vaelab(args);
        assertThat(o.status()).as(o.err()).isZero();
        return Path.of(o.out().strip());
    }

    @Test
    void verifyReportsIdenticalForAFaithfulRunAndTheFirstDifferenceOtherwise() throws Exception {
        Path run = train("training.epochs=1");
        CliRun.Outcome same = CliRun.vaelab("verify", run.toString(), "--quiet");
        assertThat(same.status()).as(same.out() + same.err()).isZero();
        assertThat(same.out()).startsWith("identical:");

        // a record changed after the fact is caught at its line
        Path log = run.resolve("metrics.jsonl");
        java.util.List<String> lines = new java.util.ArrayList<>(Files.readAllLines(log));
        lines.set(1, lines.get(1).replaceFirst("\"train/loss/kl\":([0-9.]+)", "\"train/loss/kl\":1234.5"));
        Files.write(log, lines);
        CliRun.Outcome changed = CliRun.vaelab("verify", run.toString(), "--quiet");
        assertThat(changed.status()).isEqualTo(VerifyCommand.DIFFERS);
        assertThat(changed.out()).contains("differs: metrics.jsonl line 2 (step 2): train/loss/kl: 1234.5 ->");
    }

    @Test
    void compareNamesTheConfigPathsAndResultsThatDiffer() throws Exception {
        Path a = train("training.epochs=1");
        Path b = train("training.epochs=1", "losses[1].beta=4.0");
        Path plot = tmp.resolve("both.png");
        CliRun.Outcome o = CliRun.vaelab("compare", a.toString(), b.toString(), "--plot", plot.toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("config (a -> b):\n  losses[1].beta: 2.0 -> 4.0\n")
                .contains("results (a -> b, b - a):").contains("  test.kl: ")
                .contains("provenance (a -> b):");
        assertThat(o.out()).doesNotContain("trainSeconds");
        var picture = javax.imageio.ImageIO.read(plot.toFile());
        assertThat(picture.getHeight()).isEqualTo(2 * org.vaelab.experiments.pictures.TrainingCurves.CHART_HEIGHT);
    }

    @Test
    void reportWritesOneSelfContainedHtmlFile() throws Exception {
        Path a = train("training.epochs=1");
        Path b = train("training.epochs=1", "losses[1].beta=4.0");
        Path html = tmp.resolve("report.html");
        CliRun.Outcome o = CliRun.vaelab("report", tmp.resolve("runs").toString(), "--out", html.toString());
        assertThat(o.status()).as(o.err()).isZero();
        String text = Files.readString(html);
        assertThat(text).startsWith("<!DOCTYPE html>").contains("<table>")
                .contains("tiny (losses[1].beta=2.0)").contains("tiny (losses[1].beta=4.0)")
                .contains(a.getFileName().toString()).contains(b.getFileName().toString());
        // every image inlined, nothing fetched from anywhere
        assertThat(text.split("src=\"data:image/png;base64,", -1).length - 1).isGreaterThanOrEqualTo(1 + 2 * 3);
        assertThat(text).doesNotContain("src=\"http").doesNotContain("href=\"http");
    }
}
