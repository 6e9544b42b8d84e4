package org.vaelab.experiments.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vaelab.experiments.runner.ExperimentRunner;
import org.vaelab.experiments.runner.StopSignals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vaelab resume RUN_DIR}: continue a stopped run from its last checkpoint, bit for bit. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continue a run that stopped (interrupted, failed or killed) from its newest intact checkpoint, in "
                + "its own directory; the result equals an uninterrupted run on the same machine. A completed run is "
                + "never changed, and a run another process is writing is refused.")
final class ResumeCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run directory to continue.")
    Path run;

    @Option(names = "--checkpoint", paramLabel = "NAME",
            description = "Resume from this checkpoint (such as step-000000120) instead of the newest, e.g. when the "
                    + "newest is damaged.")
    String checkpoint;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        List<String> command = new java.util.ArrayList<>(List.of("vaelab", "resume", run.toString()));
        if (checkpoint != null) {
            command.addAll(List.of("--checkpoint", checkpoint));
        }
        try (StopSignals signals = StopSignals.install(output.printer())) {
            new ExperimentRunner(main.framework(), output.printer(), output.progress()).stopWhen(signals)
                    .resume(run, checkpoint, command);
        }
        return 0;
    }
}
