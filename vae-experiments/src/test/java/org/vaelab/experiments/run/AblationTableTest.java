package org.vaelab.experiments.run;

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
}
