package org.vaelab.experiments.pictures;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.data.DataInfo;
import org.vaelab.api.data.DataSplit;

/**
 * A scatter plot of 2-d points (a t-SNE map of posterior means) coloured by group, with a legend: the
 * class labels when the data have them (Fashion-MNIST's classes, dSprites' shapes), else the first
 * ground-truth factor in {@value #FACTOR_BINS} equal-width bins, else one colour. Drawn with XChart.
 */
public final class TsnePicture {

    static {
        Png.headless();        // before any AWT class loads
    }

    /** Bins of a continuous factor. */
    public static final int FACTOR_BINS = 5;
    /** Colours of the groups, in order (Tableau 10); group {@code g} gets {@code PALETTE[g % 10]}. */
    public static final Color[] PALETTE = {
        new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0xD62728), new Color(0x9467BD),
        new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F), new Color(0xBCBD22), new Color(0x17BECF)};
    /** Width of the picture. */
    public static final int WIDTH = 760;
    /** Height of the picture. */
    public static final int HEIGHT = 600;

    private TsnePicture() {}

    /**
     * Which group each point belongs to.
     *
     * @param title what the groups are (the legend's meaning, shown in the chart's title)
     * @param names the group names
     * @param group {@code [n]} each point's group, an index into {@code names}
     */
    public record Groups(String title, List<String> names, int[] group) {
        /** Checks the parts. */
        public Groups {
            Objects.requireNonNull(title, "title");
            names = List.copyOf(names);
            for (int g : group) {
                if (g < 0 || g >= names.size()) {
                    throw new IllegalArgumentException("group " + g + " of " + names.size());
                }
            }
        }

        /**
         * @param info the data's description (class and factor names)
         * @param split the split the points come from
         * @param n the points are its first {@code n} examples
         * @return groups by label, else by the first factor, else one group
         */
        public static Groups of(DataInfo info, DataSplit split, int n) {
            int[] group = new int[n];
            if (split.labels() != null && !info.classNames().isEmpty()) {
                for (int i = 0; i < n; i++) {
                    group[i] = split.labels().getInt(i);
                }
                return new Groups("label", info.classNames(), group);
            }
            if (split.labels() != null) {
                int max = 0;
                for (int i = 0; i < n; i++) {
                    group[i] = split.labels().getInt(i);
                    max = Math.max(max, group[i]);
                }
                List<String> names = new ArrayList<>();
                for (int g = 0; g <= max; g++) {
                    names.add(Integer.toString(g));
                }
                return new Groups("label", names, group);
            }
            if (split.factors() != null && split.factors().size(1) > 0) {
                String name = info.factorNames().isEmpty() ? "factor 0" : info.factorNames().get(0);
                return binned(name, split.factors().getColumn(0), n);
            }
            return new Groups("", List.of("test images"), group);
        }

        private static Groups binned(String name, INDArray values, int n) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                lo = Math.min(lo, values.getDouble(i));
                hi = Math.max(hi, values.getDouble(i));
            }
            int[] group = new int[n];
            List<String> names = new ArrayList<>();
            double width = (hi - lo) / FACTOR_BINS;
            for (int b = 0; b < FACTOR_BINS; b++) {
                names.add(String.format(Locale.ROOT, "%.3g to %.3g", lo + b * width, lo + (b + 1) * width));
            }
            for (int i = 0; i < n; i++) {
                group[i] = width == 0 ? 0 : Math.min(FACTOR_BINS - 1, (int) ((values.getDouble(i) - lo) / width));
            }
            return new Groups(name, names, group);
        }
    }

    /**
     * @param points {@code [n][2]} coordinates
     * @param groups each point's group
     * @param title the chart's title
     * @return the picture, {@value #WIDTH} x {@value #HEIGHT}
     */
    public static BufferedImage render(double[][] points, Groups groups, String title) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("t-SNE 1").yAxisTitle("t-SNE 2").build();
        Styler styler = chart.getStyler();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        styler.setMarkerSize(6);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisTicksVisible(false);
        chart.getStyler().setYAxisTicksVisible(false);
        List<Color> colours = new ArrayList<>();
        for (int g = 0; g < groups.names().size(); g++) {
            int group = g;
            int count = (int) Arrays.stream(groups.group()).filter(x -> x == group).count();
            if (count == 0) {
                continue;
            }
            double[] xs = new double[count];
            double[] ys = new double[count];
            int k = 0;
            for (int i = 0; i < points.length; i++) {
                if (groups.group()[i] == g) {
                    xs[k] = points[i][0];
                    ys[k] = points[i][1];
                    k++;
                }
            }
            XYSeries series = chart.addSeries(groups.names().get(g), xs, ys);
            series.setMarker(SeriesMarkers.CIRCLE);
            colours.add(PALETTE[g % PALETTE.length]);
        }
        styler.setSeriesColors(colours.toArray(Color[]::new));
        return BitmapEncoder.getBufferedImage(chart);
    }
}
