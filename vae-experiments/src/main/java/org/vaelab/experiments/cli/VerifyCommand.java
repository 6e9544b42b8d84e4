package org.vaelab.experiments.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.vaelab.experiments.compare.Verification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vaelab verify RUN_DIR}: re-run a finished run and check that every number is the same. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Re-run a completed run's stored config and seed (with the plugin jars given by --plugins) and "
                + "report 'identical' or the first differing value, with where the two runs' provenance differs "
                + "(machine, BLAS and thread settings, versions). Exit status 0 when identical, 3 when not.")
final class VerifyCommand implements Callable<Integer> {

    /** The exit status when the re-run differs. */
    static final int DIFFERS = 3;

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A completed run directory.")
    Path run;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Keep the re-run in DIR (default: a temporary folder, deleted afterwards).")
    Path out;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        Path scratch = out != null ? out : Files.createTempDirectory("vaelab-verify");
        try {
            Verification v = Verification.of(main.framework(), run, scratch, output.quiet ? OutputOptions.silent() : System.err);
            v.warnings().forEach(w -> System.out.println("warning: " + w));
            if (v.identical()) {
                System.out.println("identical: the re-run's metrics.jsonl and summary.json equal " + run
                        + "'s in every number (timings aside)");
            } else {
                System.out.println("differs: " + (v.firstDifference() != null ? v.firstDifference() : v.resultDifferences().get(0)));
                v.resultDifferences().forEach(d -> System.out.println("  summary " + d));
            }
            if (!v.originDifferences().isEmpty()) {
                System.out.println("provenance differences (run -> re-run):");
                v.originDifferences().forEach(d -> System.out.println("  " + d));
            }
            return v.identical() ? 0 : DIFFERS;
        } finally {
            if (out == null) {
                try (Stream<Path> walk = Files.walk(scratch)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }
}
