package org.vaelab.experiments.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vaelab.experiments.runner.ExperimentRunner;
import org.vaelab.experiments.train.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vaelab resume RUN_DIR}: continue a stopped run from its last checkpoint, bit for bit. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continue a run that stopped (failed or killed) from its last checkpoint, in its own directory; "
                + "the result equals an uninterrupted run on the same machine. A completed run is never changed.")
final class ResumeCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run directory to continue.")
    Path run;

    @Option(names = "--quiet", description = "No progress bar or per-epoch lines.")
    boolean quiet;

    @Override
    public Integer call() {
        Progress progress = quiet ? Progress.silent() : Progress.console(System.out, System.console() != null);
        var printer = quiet ? new java.io.PrintStream(java.io.OutputStream.nullOutputStream()) : System.out;
        new ExperimentRunner(main.framework(), printer, progress).resume(run, List.of("vaelab", "resume", run.toString()));
        return 0;
    }
}
