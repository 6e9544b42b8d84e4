package org.vaelab.experiments.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vaelab.api.ComponentKind;
import org.vaelab.api.corruption.Corruption;
import org.vaelab.api.corruption.CorruptionSpec;
import org.vaelab.api.data.ImageShape;
import org.vaelab.experiments.pictures.CorruptionPicture;
import org.vaelab.experiments.pictures.ImageGrid;
import org.vaelab.experiments.pictures.Png;
import org.vaelab.experiments.pictures.ReconstructionPicture;
import org.vaelab.experiments.trained.LoadedRun;
import org.vaelab.experiments.trained.UserImages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vaelab reconstruct RUN_DIR --images FOLDER}: a trained model's repair of the user's own pictures. */
@Command(name = "reconstruct", mixinStandardHelpOptions = true,
        description = "Reconstruct (denoise, inpaint) a folder of your own images with a trained run: each image is "
                + "resized to the model's size, optionally corrupted, encoded and decoded; writes one PNG per image "
                + "and a grid of inputs above reconstructions.")
final class ReconstructCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory.")
    Path run;

    @Option(names = "--images", paramLabel = "FOLDER", required = true,
            description = "Folder of PNG, JPEG, GIF or BMP images (searched recursively).")
    Path images;

    @Option(names = "--corruption", paramLabel = "SPEC",
            description = "Corrupt the images first, e.g. block-occlusion or '{type: salt-and-pepper, probability: 0.2}' "
                    + "(seeded by --seed); default: the images as they are.")
    String corruption;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the corruption (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "reconstructions",
            description = "Folder for the results (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        LoadedRun loaded = LoadedRun.load(main.framework(), run, output.printer());
        ImageShape shape = loaded.data().info().shape();
        UserImages user = UserImages.read(images, shape);
        INDArray input = user.images();
        INDArray seen = input;
        if (corruption != null) {
            CorruptionSpec spec = RunArguments.corruption(main.framework(), loaded.config(), corruption);
            Corruption c = main.framework().registry().create(ComponentKind.CORRUPTION, spec, Corruption.class);
            seen = c.corrupt(input, shape, new SplittableRandom(seed)).input();
        }
        INDArray reconstructed = loaded.model().decode(loaded.model().encode(seen).mean());
        Files.createDirectories(out);
        int n = (int) input.size(0);
        for (int i = 0; i < n; i++) {                // each image at the model's size, as a file of its own
            String base = user.names().get(i).replaceAll("\\.[^.]+$", "").replace('/', '_').replace('\\', '_');
            Png.write(ImageGrid.single(row(reconstructed, i), shape), out.resolve(base + ".png"));
            if (corruption != null) {
                Png.write(ImageGrid.single(row(seen, i), shape), out.resolve(base + ".corrupted.png"));
            }
        }
        // the labelled overview: inputs (and their corrupted versions) above their reconstructions
        Png.write(corruption == null ? ReconstructionPicture.render(input, reconstructed, shape)
                : CorruptionPicture.render(input, seen, reconstructed, shape), out.resolve("grid.png"));
        output.printer().println("wrote " + n + " reconstructions and grid.png to " + out);
        return 0;
    }

    private static INDArray row(INDArray a, int i) {
        return a.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all());
    }

}
