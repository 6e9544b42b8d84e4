package org.vaelab.experiments.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vaelab.experiments.runner.ExperimentRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        new ExperimentRunner(main.framework(), output.printer(), output.progress())
                .resume(run, List.of("vaelab", "resume", run.toString()));
        return 0;
    }
}
