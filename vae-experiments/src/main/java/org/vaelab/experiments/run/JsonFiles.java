package org.vaelab.experiments.run;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.vaelab.api.UserInputException;

/**
 * Reads the JSON files a run writes ({@code summary.json}, {@code provenance.json}, {@code config.json},
 * {@code state.json}) with messages that say which file is damaged and where, never Jackson's
 * {@code [Source: ...]} text or a stack trace.
 */
public final class JsonFiles {

    /** Jackson's location text inside a message, e.g. in "expected close marker for Object (start marker at ...)". */
    private static final Pattern SOURCE = Pattern.compile("\\[Source: .*?; line: (\\d+), column: (\\d+)]");

    private JsonFiles() {}

    /**
     * @param mapper the mapper to read with
     * @param file a JSON file
     * @return its content
     * @throws UserInputException "FILE is not valid JSON (line L, column C: ...); it may have been cut short
     *     by a crash", "FILE is empty; ..." or "cannot read FILE: no such file or directory" (or another
     *     {@link IoErrors#describe reason})
     */
    public static JsonNode read(ObjectMapper mapper, Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserInputException("cannot read " + file + ": " + IoErrors.describe(e), e);
        }
        JsonNode node;
        try {
            node = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new UserInputException(file + " is not valid JSON (" + problem(e) + "); it may have been cut short by a crash", e);
        } catch (IOException e) {
            throw new UserInputException("cannot read " + file + ": " + IoErrors.describe(e), e);
        }
        if (node == null || node.isMissingNode()) {
            throw new UserInputException(file + " is empty; it may have been cut short by a crash");
        }
        return node;
    }

    /**
     * @param e a parse error
     * @return "line L, column C: reason", the reason without Jackson's {@code [Source: ...]} text
     */
    public static String problem(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String where = loc == null || loc.getLineNr() < 1 ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
        return where + clean(e.getOriginalMessage());
    }

    /**
     * @param message a Jackson message
     * @return it without {@code [Source: ...]} location text (a location inside it is kept as "line L, column C")
     */
    public static String clean(String message) {
        if (message == null) {
            return "malformed";
        }
        return SOURCE.matcher(message).replaceAll("line $1, column $2").replaceAll("\\s*\\n\\s*", " ").trim();
    }
}
