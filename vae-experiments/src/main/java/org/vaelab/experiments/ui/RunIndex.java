package org.vaelab.experiments.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.vaelab.api.UserInputException;
import org.vaelab.experiments.config.ConfigPaths;
import org.vaelab.experiments.run.RunStatus;
import org.vaelab.experiments.table.AblationTable;

/** The runs under a folder, read fresh on every request so the page follows runs as they train. */
final class RunIndex {

    /** The summary values shown as columns. */
    static final List<String> COLUMNS = List.of("test.negElbo", "test.recon", "test.kl");

    private final Path root;
    private final ObjectMapper mapper;

    RunIndex(Path root, ObjectMapper mapper) {
        this.root = root.toAbsolutePath().normalize();
        this.mapper = mapper;
    }

    /** @return each run: id (its path under the root), name, status, seed, the config paths that vary, results */
    List<Map<String, Object>> runs() {
        List<Path> dirs = dirs();
        Map<Path, Map<String, String>> configs = new LinkedHashMap<>();
        for (Path d : dirs) {
            JsonNode config = read(d.resolve("config.json"));
            configs.put(d, config == null ? Map.of() : ConfigPaths.flatten(config));
        }
        Set<String> varying = new TreeSet<>();          // the paths whose values differ between runs
        for (Map<String, String> c : configs.values()) {
            for (Map<String, String> other : configs.values()) {
                varying.addAll(ConfigPaths.differing(c, other));
            }
        }
        varying.removeIf(p -> p.equals("name"));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Path d : dirs) {
            JsonNode provenance = read(d.resolve("provenance.json"));
            JsonNode summary = read(d.resolve("summary.json"));
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("id", id(d));
            run.put("name", configs.get(d).getOrDefault("name", ""));
            run.put("status", provenance == null ? "unreadable" : RunStatus.of(d, provenance));
            run.put("seed", configs.get(d).getOrDefault("seed", ""));
            run.put("startedAt", provenance == null ? "" : provenance.path("startedAt").asText());
            Map<String, String> config = new LinkedHashMap<>();
            varying.forEach(p -> config.put(p, configs.get(d).getOrDefault(p, "")));
            run.put("config", config);
            Map<String, Object> results = new LinkedHashMap<>();
            for (String c : COLUMNS) {
                results.put(c, summary == null ? null : AblationTable.value(summary, c));
            }
            run.put("results", results);
            out.add(run);
        }
        return out;
    }

    /** @return one run: config, provenance, summary (or null), its metrics lines and its images */
    Map<String, Object> run(String id) {
        Path d = resolve(id);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("config", read(d.resolve("config.json")));
        JsonNode provenance = read(d.resolve("provenance.json"));
        out.put("provenance", provenance);
        out.put("status", provenance == null ? "unreadable" : RunStatus.of(d, provenance));
        out.put("summary", read(d.resolve("summary.json")));
        List<JsonNode> lines = new ArrayList<>();
        try {
            if (Files.exists(d.resolve("metrics.jsonl"))) {
                for (String line : Files.readAllLines(d.resolve("metrics.jsonl"))) {
                    try {
                        lines.add(mapper.readTree(line));
                    } catch (IOException e) {
                        // a line being written right now: the next poll has it whole
                    }
                }
            }
        } catch (IOException e) {
            throw new UserInputException("cannot read " + d.resolve("metrics.jsonl"), e);
        }
        out.put("metrics", lines);
        List<String> images = new ArrayList<>();
        if (Files.isDirectory(d.resolve("images"))) {
            try (Stream<Path> files = Files.list(d.resolve("images"))) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted().forEach(images::add);
            } catch (IOException e) {
                // no images to show
            }
        }
        out.put("images", images);
        return out;
    }

    /** @return a run's PNG, or null when there is none of that name */
    Path image(String id, String file) {
        if (!file.matches("[A-Za-z0-9._-]+\\.png")) {
            return null;
        }
        Path p = resolve(id).resolve("images").resolve(file);
        return Files.isRegularFile(p) ? p : null;
    }

    /** A run directory from its id, never outside the root. */
    Path resolve(String id) {
        Path d = root.resolve(id).normalize();
        if (!d.startsWith(root) || !Files.isRegularFile(d.resolve("provenance.json"))) {
            throw new UserInputException("no run " + id);
        }
        return d;
    }

    private String id(Path d) {
        return root.relativize(d).toString().replace('\\', '/');
    }

    private List<Path> dirs() {
        try (Stream<Path> walk = Files.walk(root, 6)) {
            return walk.filter(Files::isDirectory).filter(d -> Files.isRegularFile(d.resolve("provenance.json")))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UserInputException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    private JsonNode read(Path file) {
        try {
            return Files.exists(file) ? mapper.readTree(file.toFile()) : null;
        } catch (IOException e) {
            return null;                               // being written: shown as missing until the next poll
        }
    }
}
