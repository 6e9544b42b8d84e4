package org.vaelab.experiments.pictures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Training curves from a run's {@code metrics.jsonl}: one chart of the train loss terms
 * ({@code train/loss/<term>}) against the step, from the lines logged every {@code logEvery} steps, and
 * below it one of the test metrics ({@code test/negElbo}, {@code test/recon}, {@code test/kl},
 * {@code test/iwaeNll}) against the epoch. XChart line charts, {@value #WIDTH} pixels wide, each
 * {@value #CHART_HEIGHT} high; a chart without data is left out.
 */
public final class TrainingCurves {

    static {
        Png.headless();        // before any AWT class loads
    }

    /** Width of the picture. */
    public static final int WIDTH = 800;
    /** Height of each chart. */
    public static final int CHART_HEIGHT = 380;
    /** The test metrics drawn, in nats. */
    public static final List<String> TEST_METRICS = List.of("test/negElbo", "test/recon", "test/kl", "test/iwaeNll");

    private TrainingCurves() {}

    /**
     * One line chart's data.
     *
     * @param x the x values
     * @param series name to y values (as many as x; NaN where a line lacks the value)
     */
    record Curves(List<Double> x, Map<String, List<Double>> series) {}

    /**
     * @param metrics a {@code metrics.jsonl} file
     * @return the picture, or empty when the file holds nothing to draw
     */
    public static Optional<BufferedImage> render(Path metrics) {
        List<JsonNode> lines = read(metrics);
        List<XYChart> charts = new ArrayList<>();
        Curves train = trainCurves(lines);
        if (!train.x().isEmpty()) {
            charts.add(chart("train loss terms (mean over the logged steps)", "step", "nats per image", train));
        }
        Curves test = testCurves(lines);
        if (!test.x().isEmpty()) {
            charts.add(chart("test metrics", "epoch", "nats per image", test));
        }
        if (charts.isEmpty()) {
            return Optional.empty();
        }
        BufferedImage out = new BufferedImage(WIDTH, CHART_HEIGHT * charts.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            for (int i = 0; i < charts.size(); i++) {
                g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), 0, i * CHART_HEIGHT, null);
            }
        } finally {
            g.dispose();
        }
        return Optional.of(out);
    }

    /**
     * Several runs' curves overlaid, for comparing them: the train objective ({@code loss/total}) per step and
     * the test negative ELBO per epoch, one line per run.
     *
     * @param runs a label to each run's {@code metrics.jsonl}, in legend order
     * @return the picture, or empty when no run has anything to draw
     */
    public static Optional<BufferedImage> overlay(Map<String, Path> runs) {
        List<XYChart> charts = new ArrayList<>();
        XYChart trainChart = null;
        XYChart testChart = null;
        for (Map.Entry<String, Path> run : runs.entrySet()) {
            List<JsonNode> lines = read(run.getValue());
            Curves t = trainCurves(lines);
            if (t.series().containsKey("loss/total")) {
                Curves one = new Curves(t.x(), Map.of(run.getKey(), t.series().get("loss/total")));
                trainChart = add(trainChart, "train objective (loss/total)", "step", one);
            }
            Curves e = testCurves(lines);
            if (e.series().containsKey("test/negElbo")) {
                Curves one = new Curves(e.x(), Map.of(run.getKey(), e.series().get("test/negElbo")));
                testChart = add(testChart, "test negative ELBO", "epoch", one);
            }
        }
        if (trainChart != null) {
            charts.add(trainChart);
        }
        if (testChart != null) {
            charts.add(testChart);
        }
        if (charts.isEmpty()) {
            return Optional.empty();
        }
        BufferedImage out = new BufferedImage(WIDTH, CHART_HEIGHT * charts.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            for (int k = 0; k < charts.size(); k++) {
                g.drawImage(BitmapEncoder.getBufferedImage(charts.get(k)), 0, k * CHART_HEIGHT, null);
            }
        } finally {
            g.dispose();
        }
        return Optional.of(out);
    }

    /** A run's line added to a chart, made on first use. */
    private static XYChart add(XYChart chart, String title, String xTitle, Curves curves) {
        if (chart == null) {
            return chart(title, xTitle, "nats per image", curves);
        }
        double[] x = curves.x().stream().mapToDouble(Double::doubleValue).toArray();
        curves.series().forEach((name, ys) -> chart.addSeries(name, x, ys.stream().mapToDouble(Double::doubleValue).toArray())
                .setMarker(SeriesMarkers.CIRCLE));
        return chart;
    }

    /** Train loss terms per step line (lines with a {@code train/loss/...} value and no {@code train/epochSeconds}). */
    static Curves trainCurves(List<JsonNode> lines) {
        List<JsonNode> steps = lines.stream()
                .filter(l -> l.has("step") && !l.has("train/epochSeconds") && hasPrefix(l, "train/loss/")).toList();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (JsonNode l : steps) {
            for (Iterator<String> it = l.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (key.startsWith("train/loss/")) {
                    series.putIfAbsent(key.substring("train/".length()), new ArrayList<>());
                }
            }
        }
        return collect(steps, "step", series, "train/");
    }

    /** Test metrics per evaluated epoch line. */
    static Curves testCurves(List<JsonNode> lines) {
        List<JsonNode> epochs = lines.stream().filter(l -> l.has("epoch") && l.has("test/negElbo")).toList();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (String m : TEST_METRICS) {
            if (epochs.stream().anyMatch(l -> l.has(m))) {
                series.put(m, new ArrayList<>());
            }
        }
        return collect(epochs, "epoch", series, "");
    }

    private static Curves collect(List<JsonNode> lines, String xKey, Map<String, List<Double>> series, String prefix) {
        List<Double> x = new ArrayList<>();
        for (JsonNode l : lines) {
            x.add(l.get(xKey).asDouble());
            series.forEach((name, ys) -> {
                JsonNode v = l.get(prefix + name);
                ys.add(v == null || !v.isNumber() ? Double.NaN : v.asDouble());
            });
        }
        return new Curves(x, series);
    }

    private static boolean hasPrefix(JsonNode line, String prefix) {
        for (Iterator<String> it = line.fieldNames(); it.hasNext(); ) {
            if (it.next().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static XYChart chart(String title, String xTitle, String yTitle, Curves curves) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(CHART_HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setMarkerSize(curves.x().size() > 30 ? 0 : 6);
        chart.getStyler().setSeriesColors(TsnePicture.PALETTE);
        double[] x = curves.x().stream().mapToDouble(Double::doubleValue).toArray();
        curves.series().forEach((name, ys) -> {
            XYSeries s = chart.addSeries(name, x, ys.stream().mapToDouble(Double::doubleValue).toArray());
            s.setMarker(SeriesMarkers.CIRCLE);
        });
        return chart;
    }

    static List<JsonNode> read(Path metrics) {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(metrics, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    lines.add(json.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metrics + ": " + e.getMessage(), e);
        }
        return lines;
    }
}
