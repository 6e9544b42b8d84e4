package org.vaelab.experiments.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The command line run in this JVM as a user runs it, with what it printed: the CLI tests' one way in. */
public final class CliRun {

    /**
     * @param status the exit status
     * @param out what went to standard output
     * @param err what went to standard error
     */
    public record Outcome(int status, String out, String err) {}

    private CliRun() {}

    /** @return the outcome of {@code vaelab args...} */
    public static Outcome vaelab(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.execute(args);
            return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
