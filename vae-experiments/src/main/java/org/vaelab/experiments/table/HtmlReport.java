package org.vaelab.experiments.table;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.vaelab.experiments.config.ConfigPaths;
import org.vaelab.experiments.pictures.TrainingCurves;

/**
 * One self-contained HTML file about a set of runs (a sweep, a study): the table, every run's curves overlaid,
 * and per row its config, results and pictures, with every image inlined, so it can be mailed or attached to a
 * review and opened anywhere without the run directories or a network.
 */
public final class HtmlReport {

    /** Pictures of a run shown in the report, when it has them. */
    static final List<String> PICTURES = List.of("reconstructions.png", "samples.png", "traversals.png", "tsne.png",
            "curves.png", "corruption.png");

    private final ObjectMapper mapper;

    /** @param mapper reads the run files */
    public HtmlReport(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param paths run directories, or folders holding them at any depth
     * @param metrics the table's metric columns; empty for the defaults
     * @param skipped receives one line per directory left out, with the reason
     * @return the HTML
     */
    public String write(List<Path> paths, List<String> metrics, List<String> skipped) {
        AblationTable.Table table = new AblationTable(mapper).build(paths, metrics, skipped);
        List<RunCollection.Run> runs = RunCollection.read(paths, mapper, new ArrayList<>());
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>vaelab report</title>
                <style>
                body { font-family: sans-serif; margin: 2em; max-width: 1200px; }
                table { border-collapse: collapse; margin: 1em 0; }
                td, th { border: 1px solid #ccc; padding: 4px 8px; text-align: right; }
                td:first-child, th:first-child { text-align: left; }
                img { max-width: 100%; border: 1px solid #ddd; margin: 4px 0; }
                details { margin: 1em 0; } summary { font-weight: bold; cursor: pointer; }
                code { font-size: 90%; }
                </style></head><body>
                """);
        html.append("<h1>vaelab report</h1>\n<p>").append(runs.size()).append(" completed runs under ")
                .append(TableFormat.escapeHtml(paths.toString())).append("; written ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(".</p>\n");
        html.append("<h2>Table</h2>\n<p>Rows group runs whose configs differ only in the seed; mean ± sample sd over "
                + "the row's runs.</p>\n").append(TableFormat.HTML.write(table));
        Map<String, Path> logs = new LinkedHashMap<>();
        runs.forEach(r -> logs.put(r.dir().getFileName().toString(), r.dir().resolve("metrics.jsonl")));
        TrainingCurves.overlay(logs).ifPresent(img -> html.append("<h2>Curves</h2>\n").append(image(img, "all runs' curves")));
        if (!skipped.isEmpty()) {
            html.append("<h2>Left out</h2>\n<ul>\n");
            skipped.forEach(s -> html.append("<li>").append(TableFormat.escapeHtml(s)).append("</li>\n"));
            html.append("</ul>\n");
        }
        html.append("<h2>Runs</h2>\n");
        for (ConfigGroups.Group group : ConfigGroups.of(runs)) {
            for (RunCollection.Run run : group.runs()) {
                html.append("<details><summary>").append(TableFormat.escapeHtml(group.label())).append(", seed ").append(run.seed())
                        .append(" <code>").append(TableFormat.escapeHtml(run.dir().getFileName().toString())).append("</code></summary>\n");
                html.append("<table>\n");
                ConfigPaths.flatten(run.summary()).forEach((k, v) -> {
                    if (!k.startsWith("images")) {
                        html.append("<tr><td>").append(TableFormat.escapeHtml(k)).append("</td><td>").append(TableFormat.escapeHtml(v)).append("</td></tr>\n");
                    }
                });
                html.append("</table>\n");
                for (String picture : PICTURES) {
                    Path file = run.dir().resolve("images").resolve(picture);
                    if (Files.isRegularFile(file)) {
                        html.append("<p>").append(picture).append("</p>\n").append(image(file));
                    }
                }
                html.append("<details><summary>config</summary><pre>").append(TableFormat.escapeHtml(run.config().toPrettyString()))
                        .append("</pre></details>\n</details>\n");
            }
        }
        return html.append("</body></html>\n").toString();
    }

    private static String image(Path png) {
        try {
            return "<img alt=\"" + TableFormat.escapeHtml(png.getFileName().toString()) + "\" src=\"data:image/png;base64,"
                    + Base64.getEncoder().encodeToString(Files.readAllBytes(png)) + "\">\n";
        } catch (IOException e) {
            return "<p>(cannot read " + TableFormat.escapeHtml(png.toString()) + ")</p>\n";
        }
    }

    private static String image(BufferedImage img, String alt) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(img, "png", bytes);
            return "<img alt=\"" + TableFormat.escapeHtml(alt) + "\" src=\"data:image/png;base64,"
                    + Base64.getEncoder().encodeToString(bytes.toByteArray()) + "\">\n";
        } catch (IOException e) {
            return "";
        }
    }

}
