package org.vaelab.experiments.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.vaelab.api.UserInputException;

/**
 * A table of finished runs grouped by config name: for each metric, the mean and sample standard
 * deviation over the group's runs (typically seeds), with the seeds and config hashes listed so every
 * number can be traced to its run directory.
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

    /** One completed run. */
    record Run(Path dir, String name, long seed, String configSha, JsonNode summary) {}

    /**
     * @param paths run directories, or folders holding run directories
     * @param metrics metric paths such as {@code test.negElbo} or {@code robustness.corrupted/psnr}; empty for the defaults
     * @param skipped receives one line per directory that is not a completed run
     * @return the table in Markdown
     */
    public String markdown(List<Path> paths, List<String> metrics, List<String> skipped) {
        List<Run> runs = new ArrayList<>();
        for (Path p : expand(paths)) {
            Run run = read(p, skipped);
            if (run != null) {
                runs.add(run);
            }
        }
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
                        + "test.negElbo or robustness.corrupted/psnr)");
            }
        }
        Map<String, List<Run>> groups = new TreeMap<>();
        runs.forEach(r -> groups.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r));
        groups.values().forEach(g -> g.sort(java.util.Comparator.comparingLong(Run::seed)));     // a stable order

        StringBuilder sb = new StringBuilder();
        sb.append("| config | runs |");
        columns.forEach(c -> sb.append(' ').append(c).append(" |"));
        sb.append(" seeds | config sha256 |\n|---|---|");
        columns.forEach(c -> sb.append("---|"));
        sb.append("---|---|\n");
        for (Map.Entry<String, List<Run>> g : groups.entrySet()) {
            List<Run> group = g.getValue();
            sb.append("| ").append(g.getKey()).append(" | ").append(group.size()).append(" |");
            for (String c : columns) {
                List<Double> values = group.stream().map(r -> value(r.summary(), c)).filter(v -> v != null).toList();
                sb.append(' ').append(format(values)).append(" |");
            }
            sb.append(' ').append(String.join(", ", group.stream().map(r -> Long.toString(r.seed())).toList())).append(" |");
            Set<String> shas = new LinkedHashSet<>();
            group.forEach(r -> shas.add(r.configSha().substring(0, Math.min(8, r.configSha().length()))));
            sb.append(' ').append(String.join(", ", shas)).append(" |\n");
        }
        return sb.toString();
    }

    private static String format(List<Double> values) {
        if (values.isEmpty()) {
            return "-";
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        if (values.size() == 1) {
            return String.format(Locale.ROOT, "%.4g", mean);
        }
        double ss = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return String.format(Locale.ROOT, "%.4g ± %.2g", mean, Math.sqrt(ss / (values.size() - 1)));
    }

    /** @return the number at a path like {@code robustness.corrupted/psnr} (first dot separates the section) */
    static Double value(JsonNode summary, String path) {
        int dot = path.indexOf('.');
        JsonNode node = dot < 0 ? summary.get(path) : summary.path(path.substring(0, dot)).get(path.substring(dot + 1));
        return node == null || !node.isNumber() ? null : node.asDouble();
    }

    private static List<Path> expand(List<Path> paths) {
        List<Path> dirs = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.isDirectory(p)) {
                throw new UserInputException("not a directory: " + p);
            }
            if (Files.exists(p.resolve("provenance.json"))) {
                dirs.add(p);
                continue;
            }
            try (Stream<Path> children = Files.list(p)) {
                children.filter(c -> Files.exists(c.resolve("provenance.json")) || isEmptyDirectory(c)).sorted()
                        .forEach(dirs::add);
            } catch (IOException e) {
                throw new UserInputException("cannot list " + p + ": " + e.getMessage(), e);
            }
        }
        return dirs;
    }

    private static boolean isEmptyDirectory(Path p) {
        if (!Files.isDirectory(p) || p.getFileName().toString().startsWith(".")) {
            return false;
        }
        try (Stream<Path> children = Files.list(p)) {
            return children.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private Run read(Path dir, List<String> skipped) {
        if (isEmptyDirectory(dir)) {
            skipped.add(dir + ": empty (its run was stopped while the directory was being created)");
            return null;
        }
        try {
            JsonNode provenance = JsonFiles.read(mapper, dir.resolve("provenance.json"));
            String status = RunStatus.of(dir, provenance);
            if (!"completed".equals(status)) {
                skipped.add(dir + ": " + RunStatus.advice(dir, status));
                return null;
            }
            JsonNode summary = JsonFiles.read(mapper, dir.resolve("summary.json"));
            JsonNode config = JsonFiles.read(mapper, dir.resolve("config.json"));
            return new Run(dir, config.path("name").asText(), provenance.path("seed").asLong(),
                    provenance.path("configSha256").asText(), summary);
        } catch (UserInputException e) {           // names the file and what is wrong with it
            skipped.add(e.getMessage());
            return null;
        }
    }
}
