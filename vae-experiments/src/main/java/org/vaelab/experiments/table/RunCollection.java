package org.vaelab.experiments.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vaelab.api.UserInputException;
import org.vaelab.experiments.run.FreshDirectory;
import org.vaelab.experiments.run.IoErrors;
import org.vaelab.experiments.run.JsonFiles;
import org.vaelab.experiments.run.RunStatus;

/** The completed runs under some folders (searched recursively), and a line for each run left out and why. */
final class RunCollection {

    /** How deep below a given folder runs are looked for (a sweep folder inside runs/ is two levels). */
    private static final int MAX_DEPTH = 6;

    /**
     * One completed run.
     *
     * @param dir its directory
     * @param config its config.json
     * @param provenance its provenance.json
     * @param summary its summary.json
     */
    record Run(Path dir, JsonNode config, JsonNode provenance, JsonNode summary) {
        long seed() {
            return provenance.path("seed").asLong();
        }
    }

    private RunCollection() {}

    /**
     * @param paths run directories, or folders holding them at any depth
     * @param mapper reads the files
     * @param skipped receives one line per directory that is not a usable completed run
     * @return the completed runs, in path order
     */
    static List<Run> read(List<Path> paths, ObjectMapper mapper, List<String> skipped) {
        List<Run> runs = new ArrayList<>();
        for (Path dir : find(paths)) {
            Run run = read(dir, mapper, skipped);
            if (run != null) {
                runs.add(run);
            }
        }
        return runs;
    }

    private static List<Path> find(List<Path> paths) {
        List<Path> dirs = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.isDirectory(p)) {
                throw new UserInputException("not a directory: " + p);
            }
            try {
                directories(p).stream()
                        .filter(d -> !d.getFileName().toString().startsWith("."))
                        .filter(d -> !d.getFileName().toString().equals("checkpoint")
                                && !d.getFileName().toString().startsWith("step-"))
                        .filter(d -> Files.exists(d.resolve("provenance.json")) || (!d.equals(p) && FreshDirectory.isEmpty(d)))
                        .sorted().forEach(dirs::add);
            } catch (IOException e) {
                throw new UserInputException("cannot list " + p + ": " + IoErrors.describe(e), e);
            }
        }
        return dirs;
    }

    /**
     * @return the folders under {@code root} down to {@link #MAX_DEPTH}, itself included. A file that goes while the
     *     tree is read (a run beside this one replacing its provenance.json through a temporary file) is passed over.
     */
    private static List<Path> directories(Path root) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class), MAX_DEPTH,
                new java.nio.file.SimpleFileVisitor<>() {
                    @Override
                    public java.nio.file.FileVisitResult preVisitDirectory(Path dir,
                            java.nio.file.attribute.BasicFileAttributes attrs) {
                        found.add(dir);
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }

                    @Override
                    public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                        if (attrs.isDirectory()) {              // a folder at the depth limit comes as a file
                            found.add(file);
                        }
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }

                    @Override
                    public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                        if (e instanceof java.nio.file.NoSuchFileException) {
                            return java.nio.file.FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }
                });
        return found;
    }

    private static Run read(Path dir, ObjectMapper mapper, List<String> skipped) {
        if (FreshDirectory.isEmpty(dir)) {
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
            return new Run(dir, config, provenance, summary);
        } catch (UserInputException e) {           // names the file and what is wrong with it
            skipped.add(e.getMessage());
            return null;
        }
    }
}
