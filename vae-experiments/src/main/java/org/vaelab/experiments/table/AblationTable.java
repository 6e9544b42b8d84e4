package org.vaelab.experiments.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vaelab.api.UserInputException;

/**
 * A table of finished runs: one row per config (runs differing only in the seed share a row, labelled by the
 * config paths that set it apart), each metric's mean and sample standard deviation over the row's runs, with
 * n, the seeds and the config hash, so every number can be traced to its run directories.
 */
public final class AblationTable {

    /** Metrics shown when none are asked for; those absent from every run are dropped. */
    public static final List<String> DEFAULT_METRICS = List.of("test.negElbo", "test.recon", "test.kl",
            "robustness.corrupted/mseHidden", "robustness.corrupted/mseVisible", "robustness.corrupted/psnr",
            "robustness.corrupted/ssim", "robustness.clean/psnr");

    private final ObjectMapper mapper;

    /** @param mapper reads the run files */
    public AblationTable(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * A metric over a row's runs.
     *
     * @param mean the mean
     * @param sd the sample standard deviation (0 for one run)
     * @param n the runs that have the metric
     */
    record Cell(double mean, double sd, int n) {
        boolean isEmpty() {
            return n == 0;
        }

        String text(String plusMinus) {
            if (n == 0) {
                return "-";
            }
            return n == 1 ? String.format(Locale.ROOT, "%.4g", mean)
                    : String.format(Locale.ROOT, "%.4g%s%.2g", mean, plusMinus, sd);
        }
    }

    /**
     * One row.
     *
     * @param label the config name and what sets it apart
     * @param n runs
     * @param values one cell per metric column
     * @param seeds the seeds, comma-separated
     * @param sha the first 8 hex of the config hash (without the seed)
     */
    record Row(String label, int n, List<Cell> values, String seeds, String sha) {}

    /**
     * @param metrics the metric columns
     * @param rows the rows
     */
    record Table(List<String> metrics, List<Row> rows) {}

    /**
     * @param paths run directories, or folders holding them at any depth
     * @param metrics metric paths such as {@code test.negElbo}, {@code robustness.corrupted/psnr} or
     *     {@code metrics.mig}; empty for the defaults
     * @param format how to write it
     * @param skipped receives one line per directory that is not a completed run, with the reason
     * @return the table
     */
    public String write(List<Path> paths, List<String> metrics, TableFormat format, List<String> skipped) {
        return format.write(build(paths, metrics, skipped));
    }

    /** {@link #write} as Markdown. */
    public String markdown(List<Path> paths, List<String> metrics, List<String> skipped) {
        return write(paths, metrics, TableFormat.MD, skipped);
    }

    /**
     * @param paths run directories, or folders holding them
     * @param metric a summary path such as {@code test.negElbo}
     * @param minimize whether lower is better
     * @return the best row's label with its mean, sd and n; or a note that no run has the metric
     */
    public String best(List<Path> paths, String metric, boolean minimize) {
        Table t = build(paths, List.of(metric), new ArrayList<>());
        Row best = null;
        for (Row r : t.rows()) {
            Cell c = r.values().get(0);
            if (!c.isEmpty() && (best == null || (minimize ? c.mean() < best.values().get(0).mean()
                    : c.mean() > best.values().get(0).mean()))) {
                best = r;
            }
        }
        return best == null ? "no run has " + metric
                : best.label() + ": " + best.values().get(0).text(" ± ") + " (n=" + best.n() + ")";
    }

    Table build(List<Path> paths, List<String> metrics, List<String> skipped) {
        List<RunCollection.Run> runs = RunCollection.read(paths, mapper, skipped);
        if (runs.isEmpty()) {
            throw new UserInputException("no completed runs in " + paths + (skipped.isEmpty() ? ""
                    : ":\n  " + String.join("\n  ", skipped)));
        }
        List<String> columns = new ArrayList<>();
        for (String m : metrics.isEmpty() ? DEFAULT_METRICS : metrics) {
            if (runs.stream().anyMatch(r -> value(r.summary(), m) != null)) {
                columns.add(m);
            } else if (!metrics.isEmpty()) {
                throw new UserInputException("metric '" + m + "' is in no run's summary.json (paths look like "
                        + "test.negElbo, robustness.corrupted/psnr or metrics.mig)");
            }
        }
        List<Row> rows = new ArrayList<>();
        for (ConfigGroups.Group g : ConfigGroups.of(runs)) {
            List<Cell> cells = new ArrayList<>();
            for (String c : columns) {
                cells.add(cell(g.runs().stream().map(r -> value(r.summary(), c)).filter(v -> v != null).toList()));
            }
            rows.add(new Row(g.label(), g.runs().size(), cells,
                    String.join(", ", g.runs().stream().map(r -> Long.toString(r.seed())).toList()),
                    g.key().substring(0, 8)));
        }
        return new Table(columns, rows);
    }

    private static Cell cell(List<Double> values) {
        if (values.isEmpty()) {
            return new Cell(Double.NaN, Double.NaN, 0);
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double ss = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return new Cell(mean, values.size() > 1 ? Math.sqrt(ss / (values.size() - 1)) : 0, values.size());
    }

    /**
     * @param summary a run's summary.json
     * @param path a path like {@code robustness.corrupted/psnr} (the first dot separates the section)
     * @return the number there, or null
     */
    public static Double value(JsonNode summary, String path) {
        int dot = path.indexOf('.');
        JsonNode node = dot < 0 ? summary.get(path) : summary.path(path.substring(0, dot)).get(path.substring(dot + 1));
        return node == null || !node.isNumber() ? null : node.asDouble();
    }
}
