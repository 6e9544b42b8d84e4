package org.vaelab.experiments.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** How a table is written: Markdown (the default), CSV (for spreadsheets), HTML, or LaTeX (for papers). */
public enum TableFormat {
    /** GitHub-flavoured Markdown. */
    MD,
    /** CSV with the mean and the standard deviation in separate columns. */
    CSV,
    /** An HTML table. */
    HTML,
    /** A LaTeX tabular (booktabs rules). */
    LATEX;

    /**
     * @param table the table
     * @return its text in this format
     */
    String write(AblationTable.Table table) {
        return switch (this) {
            case MD -> markdown(table);
            case CSV -> csv(table);
            case HTML -> html(table);
            case LATEX -> latex(table);
        };
    }

    private static String markdown(AblationTable.Table t) {
        StringBuilder sb = new StringBuilder("| config | n |");
        t.metrics().forEach(m -> sb.append(' ').append(m).append(" |"));
        sb.append(" seeds | config sha256 |\n|---|---|");
        t.metrics().forEach(m -> sb.append("---|"));
        sb.append("---|---|\n");
        for (AblationTable.Row r : t.rows()) {
            sb.append("| ").append(r.label()).append(" | ").append(r.n()).append(" |");
            r.values().forEach(v -> sb.append(' ').append(v.text(" ± ")).append(" |"));
            sb.append(' ').append(r.seeds()).append(" | ").append(r.sha()).append(" |\n");
        }
        return sb.toString();
    }

    private static String csv(AblationTable.Table t) {
        List<String> header = new ArrayList<>(List.of("config", "n"));
        t.metrics().forEach(m -> {
            header.add(m + " mean");
            header.add(m + " sd");
        });
        header.addAll(List.of("seeds", "config sha256"));
        StringBuilder sb = new StringBuilder(line(header, TableFormat::csvField, ",")).append('\n');
        for (AblationTable.Row r : t.rows()) {
            List<String> cells = new ArrayList<>(List.of(r.label(), Integer.toString(r.n())));
            r.values().forEach(v -> {
                cells.add(v.isEmpty() ? "" : Double.toString(v.mean()));
                cells.add(v.isEmpty() || v.n() < 2 ? "" : Double.toString(v.sd()));
            });
            cells.addAll(List.of(r.seeds(), r.sha()));
            sb.append(line(cells, TableFormat::csvField, ",")).append('\n');
        }
        return sb.toString();
    }

    private static String html(AblationTable.Table t) {
        StringBuilder sb = new StringBuilder("<table>\n<thead><tr><th>config</th><th>n</th>");
        t.metrics().forEach(m -> sb.append("<th>").append(escapeHtml(m)).append("</th>"));
        sb.append("<th>seeds</th><th>config sha256</th></tr></thead>\n<tbody>\n");
        for (AblationTable.Row r : t.rows()) {
            sb.append("<tr><td>").append(escapeHtml(r.label())).append("</td><td>").append(r.n()).append("</td>");
            r.values().forEach(v -> sb.append("<td>").append(escapeHtml(v.text(" ± "))).append("</td>"));
            sb.append("<td>").append(escapeHtml(r.seeds())).append("</td><td><code>").append(r.sha())
                    .append("</code></td></tr>\n");
        }
        return sb.append("</tbody>\n</table>\n").toString();
    }

    private static String latex(AblationTable.Table t) {
        StringBuilder sb = new StringBuilder("\\begin{tabular}{l r");
        t.metrics().forEach(m -> sb.append(" r"));
        sb.append("}\n\\toprule\nconfig & $n$");
        t.metrics().forEach(m -> sb.append(" & ").append(escapeLatex(m)));
        sb.append(" \\\\\n\\midrule\n");
        for (AblationTable.Row r : t.rows()) {
            sb.append(escapeLatex(r.label())).append(" & ").append(r.n());
            r.values().forEach(v -> sb.append(" & ").append(v.isEmpty() ? "--" : "$" + v.text(" \\pm ") + "$"));
            sb.append(" \\\\\n");
        }
        return sb.append("\\bottomrule\n\\end{tabular}\n").toString();
    }

    private static String line(List<String> cells, Function<String, String> escape, String separator) {
        return String.join(separator, cells.stream().map(escape).toList());
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String escapeLatex(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\textbackslash{}");
                case '_', '%', '&', '#', '$', '{', '}' -> sb.append('\\').append(c);
                case '~' -> sb.append("\\textasciitilde{}");
                case '^' -> sb.append("\\textasciicircum{}");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * @param name md, csv, html or latex
     * @return the format
     */
    public static TableFormat parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new org.vaelab.api.UserInputException("--format " + name + ": expected md, csv, html or latex");
        }
    }
}
