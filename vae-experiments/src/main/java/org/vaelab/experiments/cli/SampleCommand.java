package org.vaelab.experiments.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.UserInputException;
import org.vaelab.experiments.pictures.Png;
import org.vaelab.experiments.pictures.SamplePicture;
import org.vaelab.experiments.trained.Evaluations;
import org.vaelab.experiments.trained.LoadedRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vaelab sample RUN_DIR --n 64}: images decoded from prior samples of a trained model. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Draw images from a trained run's prior (its newest checkpoint) into a PNG grid.")
final class SampleCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory.")
    Path run;

    @Option(names = "--n", paramLabel = "N", defaultValue = "64", description = "How many samples (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the prior draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--columns", paramLabel = "C", defaultValue = "8", description = "Images per row (default: ${DEFAULT-VALUE}).")
    int columns;

    @Option(names = "--out", paramLabel = "PNG",
            description = "The PNG to write (default: RUN_DIR/eval/samples-seed<S>-n<N>.png).")
    Path out;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        if (n < 1 || n > 10_000) {
            throw new UserInputException("--n must be from 1 to 10000, got " + n);
        }
        if (columns < 1) {
            throw new UserInputException("--columns must be at least 1, got " + columns);
        }
        LoadedRun loaded = LoadedRun.load(main.framework(), run, output.printer());
        INDArray images = loaded.model().sample(n, seed);
        Path file = out != null ? out
                : run.resolve(Evaluations.FOLDER).resolve("samples-seed" + seed + "-n" + n + ".png");
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Png.write(SamplePicture.render(images, loaded.data().info().shape(), columns), file);
        output.printer().println("wrote " + file);
        if (output.quiet) {
            System.out.println(file);
        }
        return 0;
    }
}
