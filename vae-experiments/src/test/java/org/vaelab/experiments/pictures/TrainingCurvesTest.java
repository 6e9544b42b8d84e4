package org.vaelab.experiments.pictures;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCurvesTest {

    @TempDir
    Path tmp;

    private static final String METRICS = """
            {"step":1,"epoch":1,"train/loss/total":500.0,"train/loss/recon":480.0,"train/loss/kl":10.0,"train/imagesPerSec":900.0}
            {"step":2,"epoch":1,"train/loss/total":400.0,"train/loss/recon":385.0,"train/loss/kl":7.5,"train/imagesPerSec":950.0}
            {"step":2,"epoch":1,"train/loss/total":450.0,"train/loss/recon":432.0,"train/loss/kl":9.0,"train/imagesPerSec":925.0,"train/epochSeconds":1.0,"test/negElbo":410.0,"test/recon":395.0,"test/kl":15.0}
            {"step":3,"epoch":2,"train/loss/total":300.0,"train/loss/recon":288.0,"train/loss/kl":6.0,"train/imagesPerSec":950.0}
            {"step":4,"epoch":2,"train/loss/total":250.0,"train/loss/recon":236.0,"train/loss/kl":7.0,"train/imagesPerSec":950.0}
            {"step":4,"epoch":2,"train/loss/total":275.0,"train/loss/recon":262.0,"train/loss/kl":6.5,"train/imagesPerSec":950.0,"train/epochSeconds":1.0,"test/negElbo":260.0,"test/recon":243.0,"test/kl":17.0}
            """;

    @Test
    void drawsTheStepLinesTrainTermsAndTheEpochLinesTestMetrics() throws IOException {
        Path file = tmp.resolve("metrics.jsonl");
        Files.writeString(file, METRICS);
        var lines = TrainingCurves.read(file);
        var train = TrainingCurves.trainCurves(lines);
        assertThat(train.x()).containsExactly(1.0, 2.0, 3.0, 4.0);        // the step lines, not the epoch lines
        assertThat(train.series().keySet()).containsExactly("loss/total", "loss/recon", "loss/kl");
        assertThat(train.series().get("loss/kl")).containsExactly(10.0, 7.5, 6.0, 7.0);
        var test = TrainingCurves.testCurves(lines);
        assertThat(test.x()).containsExactly(1.0, 2.0);
        assertThat(test.series().keySet()).containsExactly("test/negElbo", "test/recon", "test/kl");
        assertThat(test.series().get("test/negElbo")).containsExactly(410.0, 260.0);

        BufferedImage img = TrainingCurves.render(file).orElseThrow();
        assertThat(img.getWidth()).isEqualTo(TrainingCurves.WIDTH);
        assertThat(img.getHeight()).isEqualTo(2 * TrainingCurves.CHART_HEIGHT);
        // the first series' colour is in both charts
        int rgb = TsnePicture.PALETTE[0].getRGB() & 0xFFFFFF;
        assertThat(count(img, rgb, 0, TrainingCurves.CHART_HEIGHT)).isPositive();
        assertThat(count(img, rgb, TrainingCurves.CHART_HEIGHT, 2 * TrainingCurves.CHART_HEIGHT)).isPositive();
    }

    @Test
    void aRunWithoutTestLinesGetsOneChartAndAnEmptyLogNone() throws IOException {
        Path file = tmp.resolve("metrics.jsonl");
        Files.writeString(file, METRICS.lines().filter(l -> !l.contains("test/")).reduce("", (a, b) -> a + b + "\n"));
        assertThat(TrainingCurves.render(file).orElseThrow().getHeight()).isEqualTo(TrainingCurves.CHART_HEIGHT);
        Files.writeString(file, "");
        assertThat(TrainingCurves.render(file)).isEmpty();
    }

    private static int count(BufferedImage img, int rgb, int y0, int y1) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
