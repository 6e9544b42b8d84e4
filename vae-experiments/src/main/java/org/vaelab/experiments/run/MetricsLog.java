package org.vaelab.experiments.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics.jsonl}: one JSON object per line, appended and flushed line by line, so a crash can
 * at worst cut the last line, never damage an earlier one.
 */
public final class MetricsLog implements AutoCloseable {

    private final FileChannel channel;
    private final OutputStream out;
    private final ObjectMapper mapper;
    private long lines;

    /**
     * @param file the log file (created or appended to)
     * @param mapper the JSON mapper
     * @param lines the lines it holds already
     */
    public MetricsLog(Path file, ObjectMapper mapper, long lines) {
        this.mapper = mapper.copy().disable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        this.lines = lines;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            this.out = Channels.newOutputStream(channel);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    /**
     * Cuts a log back to its first lines (atomically), for a resume: the lines after a checkpoint are
     * written again. A last line cut short by a crash is never among those kept, since a checkpoint
     * counts only whole lines.
     *
     * @param file the log
     * @param keep lines to keep
     * @throws org.vaelab.api.UserInputException when the log holds fewer whole lines than that
     */
    public static void truncate(Path file, long keep) {
        try {
            List<String> all = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
            String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            long whole = text.endsWith("\n") || text.isEmpty() ? all.size() : all.size() - 1;
            if (whole < keep) {
                throw new org.vaelab.api.UserInputException(file + " has " + whole + " whole lines, but the checkpoint "
                        + "was taken after line " + keep + ": the log was changed or lost after the checkpoint");
            }
            StringBuilder kept = new StringBuilder();
            for (int i = 0; i < keep; i++) {
                kept.append(all.get(i)).append('\n');
            }
            AtomicFiles.writeString(file, kept.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return the lines written, including those there before */
    public synchronized long lines() {
        return lines;
    }

    /** Forces the lines to disk, before a checkpoint that counts them. */
    public synchronized void sync() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics.jsonl: " + e.getMessage(), e);
        }
    }

    /** @param line the values of one line, in the order to write them */
    public synchronized void append(Map<String, ?> line) {
        try {
            byte[] bytes = (mapper.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            out.write(bytes);
            out.flush();
            lines++;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to metrics.jsonl", e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
