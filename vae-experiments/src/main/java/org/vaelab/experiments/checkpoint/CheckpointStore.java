package org.vaelab.experiments.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vaelab.api.UserInputException;
import org.vaelab.experiments.run.Environment;
import org.vaelab.experiments.run.FailPoints;
import org.vaelab.experiments.run.IoErrors;
import org.vaelab.experiments.run.JsonFiles;

/**
 * A run's {@code checkpoint/} folder:
 * <pre>
 * checkpoint/
 *   step-000000120/    model.fb (parameters + optimiser state), state.json, manifest.json (size and SHA-256 of both)
 *   step-000000240/
 * </pre>
 * A checkpoint is written into {@code .step-NNN.partial/}, forced to disk, and renamed into place, so it is
 * whole or absent; the newest {@value #KEEP} are kept, so a damaged newest one still leaves an older one
 * to resume from.
 */
public final class CheckpointStore {

    /** The model file in a checkpoint. */
    public static final String MODEL = "model.fb";
    /** The training position in a checkpoint. */
    public static final String STATE = "state.json";
    /** The optimiser's state in a checkpoint (Adam's moments; {@code OptimizerState}). */
    public static final String OPTIMIZER = "optimizer.bin";
    /** Sizes and checksums of the others. */
    public static final String MANIFEST = "manifest.json";
    /** Checkpoints kept: the newest, and one to fall back on. */
    public static final int KEEP = 2;

    private static final Pattern NAME = Pattern.compile("step-(\\d{9,})");

    private final Path root;
    private final ObjectMapper mapper;

    /**
     * @param runDir the run directory
     * @param mapper the JSON mapper
     */
    public CheckpointStore(Path runDir, ObjectMapper mapper) {
        this.root = runDir.resolve("checkpoint");
        // insertion order kept: the restored sums must iterate as the originals did
        this.mapper = mapper.copy().disable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    /** @return the checkpoint folder */
    public Path root() {
        return root;
    }

    /**
     * Writes a checkpoint and then drops all but the newest {@value #KEEP}.
     *
     * @param graph the model: its parameters and training config go to model.fb, its optimiser state to
     *     {@value #OPTIMIZER}
     * @param state the training position
     * @return the new checkpoint's directory
     * @throws CheckpointWriteException when it cannot be written (the earlier checkpoints are untouched)
     */
    public Path save(org.vaelab.engine.graph.VaeGraph graph, CheckpointState state) {
        SameDiff model = graph.sd();
        String name = String.format(Locale.ROOT, "step-%09d", state.steps());
        Path partial = root.resolve("." + name + ".partial");
        Path target = root.resolve(name);
        try {
            Files.createDirectories(root);
            deleteTree(partial);
            Files.createDirectory(partial);
            try {
                model.save(partial.resolve(MODEL).toFile(), false);
            } catch (RuntimeException e) {        // SameDiff wraps its I/O errors
                throw e.getCause() instanceof IOException io ? io : new IOException(String.valueOf(e.getMessage()), e);
            }
            try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(partial.resolve(OPTIMIZER)))) {
                graph.optimizerState().write(out);
            }
            FailPoints.reach("checkpoint/model-written");
            Files.write(partial.resolve(STATE), mapper.writeValueAsBytes(state));
            FailPoints.reach("checkpoint/state-written");
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("format", CheckpointState.FORMAT);
            manifest.put("steps", state.steps());
            Map<String, Object> files = new LinkedHashMap<>();
            for (String file : List.of(MODEL, OPTIMIZER, STATE)) {
                files.put(file, Map.of("bytes", Files.size(partial.resolve(file)), "sha256", sha256(partial.resolve(file))));
            }
            manifest.put("files", files);
            Files.write(partial.resolve(MANIFEST), mapper.writeValueAsBytes(manifest));
            for (String file : List.of(MODEL, OPTIMIZER, STATE, MANIFEST)) {
                force(partial.resolve(file));
            }
            force(partial);
            FailPoints.reach("checkpoint/before-rename");
            if (Files.exists(target)) {          // the same step saved before (a resume from an older checkpoint)
                deleteTree(target);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            force(root);
            FailPoints.reach("checkpoint/renamed");
        } catch (IOException e) {
            try {
                deleteTree(partial);
            } catch (IOException ignored) {
                // the write's own error is the one to report; a hidden partial folder is cleaned on resume
            }
            String kept = complete().stream().filter(p -> !p.equals(target)).findFirst()
                    .map(p -> "the last good checkpoint, " + p.getFileName() + ", is kept")
                    .orElse("there is no earlier checkpoint");
            throw new CheckpointWriteException("cannot write checkpoint " + target + ": " + reason(e) + "; " + kept, e);
        }
        prune();
        return target;
    }

    /** @return the complete checkpoints (by name), newest first */
    public List<Path> complete() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(p -> NAME.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UserInputException("cannot list " + root + ": " + reason(e), e);
        }
    }

    /**
     * The checkpoint to resume from: the given one, or the newest. A damaged one is refused with a message
     * naming the file and what is wrong with it, and, where one exists, the older intact checkpoint to resume
     * from instead.
     *
     * @param wanted a checkpoint name ({@code step-000000120}), or null for the newest
     * @param configSha256 the run's config hash
     * @param resumeHint how to resume from another checkpoint, given its name
     * @return the verified checkpoint, or empty when the run has none yet
     */
    public Optional<Checkpoint> choose(String wanted, String configSha256, java.util.function.UnaryOperator<String> resumeHint) {
        List<Path> all = complete();
        if (all.isEmpty() && wanted == null) {
            if (Files.isRegularFile(root.resolve(MODEL))) {
                throw new UserInputException(root + " holds a checkpoint in the layout of vaelab before checkpoint "
                        + "manifests (model.fb and state.json without a step-... folder); it cannot be verified, so "
                        + "it is not resumed: start the run again with vaelab train on its config.json");
            }
            return Optional.empty();
        }
        Path chosen = wanted == null ? all.get(0) : root.resolve(wanted);
        if (wanted != null && !all.contains(chosen)) {
            throw new UserInputException("no checkpoint " + wanted + " in " + root + "; there are: "
                    + (all.isEmpty() ? "none" : String.join(", ", all.stream().map(p -> p.getFileName().toString()).toList())));
        }
        try {
            return Optional.of(load(chosen, configSha256));
        } catch (DamagedCheckpointException damaged) {
            String older = all.stream().filter(p -> p.getFileName().toString().compareTo(chosen.getFileName().toString()) < 0)
                    .filter(p -> verify(p, configSha256) == null).map(p -> p.getFileName().toString()).findFirst()
                    .map(name -> ". An older checkpoint is intact: resume from it with " + resumeHint.apply(name))
                    .orElse(". No older intact checkpoint exists.");
            throw new UserInputException(damaged.getMessage() + older, damaged);
        }
    }

    /**
     * Checks a checkpoint's files against its manifest, and its state against the run, then loads it.
     *
     * @param dir the checkpoint directory
     * @param configSha256 the run's config hash
     * @return the loaded checkpoint
     * @throws DamagedCheckpointException naming the file and the problem
     */
    public Checkpoint load(Path dir, String configSha256) {
        CheckpointState state = verifiedState(dir, configSha256);
        SameDiff model;
        try {
            model = SameDiff.load(dir.resolve(MODEL).toFile(), true);
        } catch (RuntimeException e) {
            throw new DamagedCheckpointException(dir.resolve(MODEL) + " cannot be loaded (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        boolean legacy = !Files.isRegularFile(dir.resolve(OPTIMIZER));     // before the optimiser had its own file
        if (legacy && (model.getUpdaterMap() == null || model.getUpdaterMap().isEmpty())) {
            throw new DamagedCheckpointException(dir.resolve(MODEL) + " holds no optimiser state; it cannot be resumed exactly");
        }
        return new Checkpoint(dir, model, state);
    }

    /** @return null when the checkpoint's files match its manifest and its state fits the run, else the problem */
    private String verify(Path dir, String configSha256) {
        try {
            verifiedState(dir, configSha256);
            return null;
        } catch (DamagedCheckpointException e) {
            return e.getMessage();
        }
    }

    private CheckpointState verifiedState(Path dir, String configSha256) {
        Path manifestFile = dir.resolve(MANIFEST);
        JsonNode manifest = readJson(manifestFile);
        JsonNode files = manifest.path("files");
        List<String> required = files.has(OPTIMIZER) ? List.of(MODEL, OPTIMIZER, STATE) : List.of(MODEL, STATE);
        for (String file : required) {
            Path path = dir.resolve(file);
            JsonNode entry = files.path(file);
            if (!entry.path("bytes").isIntegralNumber() || !entry.path("sha256").isTextual()) {
                throw new DamagedCheckpointException(manifestFile + " has no size and SHA-256 for " + file);
            }
            if (!Files.isRegularFile(path)) {
                throw new DamagedCheckpointException(path + " is missing");
            }
            try {
                long bytes = Files.size(path);
                if (bytes != entry.path("bytes").asLong()) {
                    throw new DamagedCheckpointException(path + " has " + bytes + " bytes; the manifest says "
                            + entry.path("bytes").asLong() + " (cut short or changed after it was written)");
                }
                String sha = sha256(path);
                if (!sha.equals(entry.path("sha256").asText())) {
                    throw new DamagedCheckpointException(path + " does not match its checksum in " + MANIFEST
                            + " (SHA-256 " + sha.substring(0, 12) + "..., expected "
                            + entry.path("sha256").asText().substring(0, Math.min(12, entry.path("sha256").asText().length()))
                            + "...): the file was changed or damaged after it was written");
                }
            } catch (IOException e) {
                throw new DamagedCheckpointException("cannot read " + path + ": " + reason(e));
            }
        }
        CheckpointState state;
        try {
            state = mapper.treeToValue(readJson(dir.resolve(STATE)), CheckpointState.class);
        } catch (JsonProcessingException e) {
            throw new DamagedCheckpointException(dir.resolve(STATE) + " is not a checkpoint state: " + JsonFiles.clean(e.getOriginalMessage()));
        }
        List<String> problems = state.problems();
        if (!problems.isEmpty()) {
            throw new DamagedCheckpointException(dir.resolve(STATE) + ": " + String.join("; ", problems));
        }
        if (!dir.getFileName().toString().equals(String.format(Locale.ROOT, "step-%09d", state.steps()))) {
            throw new DamagedCheckpointException(dir.resolve(STATE) + " says step " + state.steps()
                    + ", but the checkpoint is named " + dir.getFileName());
        }
        if (!state.configSha256().equals(configSha256)) {
            throw new DamagedCheckpointException(dir.resolve(STATE) + " belongs to another config (configSha256 "
                    + state.configSha256() + ", the run's is " + configSha256 + ")");
        }
        return state;
    }

    private JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DamagedCheckpointException(file + " is missing");
        }
        try {
            return JsonFiles.read(mapper, file);
        } catch (UserInputException e) {
            throw new DamagedCheckpointException(e.getMessage());
        }
    }

    /**
     * Removes what a kill during a write leaves behind: hidden {@code .partial} checkpoint folders, and
     * checkpoints newer than the one resumed from (they would be written again).
     *
     * @param resumed the checkpoint training continues from, or null for none
     * @return what was removed, for the log
     */
    public List<String> removeAfter(Checkpoint resumed) {
        List<String> removed = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return removed;
        }
        try (Stream<Path> children = Files.list(root)) {
            for (Path p : children.toList()) {
                String name = p.getFileName().toString();
                boolean partial = name.startsWith(".") && name.endsWith(".partial");
                boolean newer = NAME.matcher(name).matches()
                        && (resumed == null || name.compareTo(resumed.name()) > 0);
                if (partial || newer) {
                    deleteTree(p);
                    removed.add(p.toString());
                }
            }
        } catch (IOException e) {
            throw new UserInputException("cannot clean " + root + ": " + reason(e), e);
        }
        return removed;
    }

    private void prune() {
        List<Path> all = complete();
        for (Path old : all.subList(Math.min(KEEP, all.size()), all.size())) {
            try {
                deleteTree(old);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the old checkpoint " + old, e);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Forces a file's or a directory's content (for a directory: its entries) to disk. */
    private static void force(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the rename is still atomic
        }
    }

    static String sha256(Path file) throws IOException {
        return Environment.sha256(file);
    }

    private static String reason(IOException e) {
        return IoErrors.describe(e);
    }

    /** A checkpoint whose files do not match its manifest, or whose state does not fit the run. */
    public static final class DamagedCheckpointException extends UserInputException {
        private static final long serialVersionUID = 1L;

        DamagedCheckpointException(String message) {
            super(message);
        }
    }

    /** A checkpoint could not be written (a full disk, say); the earlier ones are intact. */
    public static final class CheckpointWriteException extends UserInputException {
        private static final long serialVersionUID = 1L;

        CheckpointWriteException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
