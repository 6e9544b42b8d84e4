package org.vaelab.experiments.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * {@code metrics.jsonl}: one JSON object per line, appended and flushed line by line, so a crash can
 * at worst cut the last line, never damage an earlier one.
 */
public final class MetricsLog implements AutoCloseable {

    private final OutputStream out;
    private final ObjectMapper mapper;

    /**
     * @param file the log file (created or appended to)
     * @param mapper the JSON mapper
     */
    public MetricsLog(Path file, ObjectMapper mapper) {
        this.mapper = mapper.copy().disable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        try {
            this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    /** @param line the values of one line, in the order to write them */
    public synchronized void append(Map<String, ?> line) {
        try {
            byte[] bytes = (mapper.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            out.write(bytes);
            out.flush();
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
