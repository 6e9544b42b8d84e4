package org.vaelab.experiments.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaelab.api.UserInputException;
import org.vaelab.experiments.run.RunLock;

class AblationTableTest {

    @TempDir
    Path tmp;

    private void run(String dir, String name, long seed, String status, double negElbo, Double psnr) throws IOException {
        Path d = Files.createDirectories(tmp.resolve(dir));
        Files.writeString(d.resolve("config.json"), "{\"name\": \"" + name + "\"}");
        Files.writeString(d.resolve("provenance.json"), "{\"status\": \"" + status + "\", \"seed\": " + seed
                + ", \"configSha256\": \"" + name.hashCode() + "abcdef0123\"}");
        if (status.equals("completed")) {
            Files.writeString(d.resolve("summary.json"), "{\"test\": {\"negElbo\": " + negElbo + "}"
                    + (psnr == null ? "" : ", \"robustness\": {\"corrupted/psnr\": " + psnr + "}") + "}");
        }
    }

    @Test
    void groupsByConfigNameWithMeanAndSampleStandardDeviation() throws IOException {
        run("a1", "plain", 1, "completed", 100, 12.0);
        run("a2", "plain", 2, "completed", 102, 14.0);
        run("a3", "plain", 3, "completed", 104, 16.0);
        run("b1", "occlusion", 1, "completed", 110, null);
        run("c1", "plain", 4, "failed", 0, null);
        List<String> skipped = new ArrayList<>();
        String table = new AblationTable(new ObjectMapper()).markdown(List.of(tmp), List.of(), skipped);
        // plain: mean 102, sample sd 2; psnr mean 14, sd 2
        assertThat(table).contains("| plain | 3 | 102.0 ± 2.0 | 14.00 ± 2.0 | 1, 2, 3 |");     // 4 and 2 significant digits
        assertThat(table).contains("| occlusion | 1 | 110.0 | - | 1 |");
        assertThat(table.lines().findFirst().orElseThrow()).contains("test.negElbo").contains("robustness.corrupted/psnr")
                .doesNotContain("test.kl");      // absent from every run
        assertThat(skipped).singleElement().asString().contains("c1").contains("failed");
    }

    @Test
    void aTableIsBuiltWhileRunsBesideItWriteThroughTemporaryFiles() throws Exception {
        // a parallel sweep writes its table while other runs replace files atomically: their temporary files
        // come and go during the walk (once a NoSuchFileException ended the sweep)
        for (int i = 0; i < 20; i++) {
            run("r" + i, "plain", i, "completed", 100 + i, null);
        }
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread writer = new Thread(() -> {
            int n = 0;
            while (!stop.get()) {
                Path dir = tmp.resolve("r" + (n % 20));
                try {
                    Path temporary = Files.writeString(dir.resolve(".provenance.json" + n + ".tmp"), "{}");
                    Files.delete(temporary);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                n++;
            }
        });
        writer.start();
        try {
            for (int i = 0; i < 300; i++) {
                String table = new AblationTable(new ObjectMapper()).markdown(List.of(tmp), List.of(), new ArrayList<>());
                assertThat(table).contains("| plain | 20 |");
            }
        } finally {
            stop.set(true);
            writer.join();
        }
    }

    @Test
    void anUnknownMetricOrNoRunsIsAUserError() throws IOException {
        run("a1", "plain", 1, "completed", 100, null);
        assertThatThrownBy(() -> new AblationTable(new ObjectMapper()).markdown(List.of(tmp), List.of("test.nope"),
                new ArrayList<>())).isInstanceOf(UserInputException.class).hasMessageContaining("test.nope");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> new AblationTable(new ObjectMapper()).markdown(List.of(empty), List.of(), new ArrayList<>()))
                .isInstanceOf(UserInputException.class).hasMessageContaining("no completed runs");
    }

    @Test
    void unusableRunsAreEachNamedWithTheReasonStaleOnesIncluded() throws IOException {
        run("live", "plain", 1, "running", 0, null);
        run("dead", "plain", 2, "running", 0, null);
        run("stopped", "plain", 3, "interrupted", 0, null);
        run("cut", "plain", 4, "completed", 100, null);
        Files.writeString(tmp.resolve("cut/summary.json"), "{\"test\": {\"negElbo\": 10");     // cut short by a crash
        Files.createDirectories(tmp.resolve("unborn"));
        try (RunLock held = RunLock.acquire(tmp.resolve("live"))) {
            assertThatThrownBy(() -> new AblationTable(new ObjectMapper()).markdown(List.of(tmp), List.of(), new ArrayList<>()))
                    .isInstanceOf(UserInputException.class)
                    .hasMessageContaining("live: still running")
                    .hasMessageContaining("dead: left running by a process that died; continue it with vaelab resume")
                    .hasMessageContaining("stopped: stopped by a signal after a checkpoint")
                    .hasMessageContaining("summary.json is not valid JSON (line 1")
                    .hasMessageContaining("unborn: empty")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Source:"));
        }
    }

    private void runWithConfig(String dir, String config, long seed, double negElbo) throws IOException {
        Path d = Files.createDirectories(tmp.resolve(dir));
        Files.writeString(d.resolve("config.json"), config.replace("SEED", Long.toString(seed)));
        Files.writeString(d.resolve("provenance.json"), "{\"status\": \"completed\", \"seed\": " + seed + "}");
        Files.writeString(d.resolve("summary.json"), "{\"test\": {\"negElbo\": " + negElbo + "}, \"metrics\": {\"mig\": 0.5}}");
    }

    @Test
    void runsThatDifferInMoreThanTheSeedAreNeverAveragedAndTheirRowsSayHow() throws IOException {
        String one = "{\"name\": \"q\", \"seed\": SEED, \"training\": {\"epochs\": 1}, \"losses\": [{\"beta\": 4.0}]}";
        String three = one.replace("\"epochs\": 1", "\"epochs\": 3");
        runWithConfig("runs/a", one, 1, 100);
        runWithConfig("runs/b", one, 2, 104);
        runWithConfig("runs/sweep-x/c", three, 1, 90);          // inside a sweep folder: found too
        List<String> skipped = new ArrayList<>();
        String table = new AblationTable(new ObjectMapper()).markdown(List.of(tmp.resolve("runs")), List.of(), skipped);
        assertThat(table).contains("| q (training.epochs=1) | 2 | 102.0 ± 2.8 |").contains("| q (training.epochs=3) | 1 | 90.00 |");
        assertThat(skipped).isEmpty();

        String latex = new AblationTable(new ObjectMapper()).write(List.of(tmp.resolve("runs")),
                List.of("test.negElbo", "metrics.mig"), TableFormat.LATEX, new ArrayList<>());
        assertThat(latex).startsWith("\\begin{tabular}{l r r r}\n\\toprule\nconfig & $n$ & test.negElbo & metrics.mig \\\\")
                .contains("q (training.epochs=1) & 2 & $102.0 \\pm 2.8$ & $0.5000 \\pm 0.0$ \\\\")
                .endsWith("\\bottomrule\n\\end{tabular}\n");
        String csv = new AblationTable(new ObjectMapper()).write(List.of(tmp.resolve("runs")), List.of("test.negElbo"),
                TableFormat.CSV, new ArrayList<>());
        assertThat(csv.lines().toList()).containsExactly("config,n,test.negElbo mean,test.negElbo sd,seeds,config sha256",
                csv.lines().toList().get(1), csv.lines().toList().get(2));
        assertThat(csv.lines().toList().get(1)).startsWith("q (training.epochs=1),2,102.0,2.828427").contains(",\"1, 2\",");
        String html = new AblationTable(new ObjectMapper()).write(List.of(tmp.resolve("runs")), List.of(), TableFormat.HTML,
                new ArrayList<>());
        assertThat(html).contains("<td>q (training.epochs=3)</td><td>1</td><td>90.00</td>");
        assertThat(TableFormat.escapeLatex("a_b & 50%")).isEqualTo("a\\_b \\& 50\\%");
    }
}
