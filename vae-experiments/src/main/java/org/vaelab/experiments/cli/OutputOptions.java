package org.vaelab.experiments.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import org.vaelab.experiments.train.Progress;
import picocli.CommandLine.Option;

/** The {@code --quiet} option of the commands that train (a picocli mixin), and what it selects. */
final class OutputOptions {

    @Option(names = "--quiet", description = "No progress bar or per-epoch lines.")
    boolean quiet;

    /** @return a progress bar on a terminal, plain lines otherwise, nothing with --quiet */
    Progress progress() {
        return quiet ? Progress.silent() : Progress.console(System.out, System.console() != null);
    }

    /** @return standard output, or nothing with --quiet */
    PrintStream printer() {
        return quiet ? silent() : System.out;
    }

    /** @return a stream that discards what is printed */
    static PrintStream silent() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}
