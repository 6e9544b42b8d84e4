package org.vaelab.experiments.cli;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.Seeds;
import org.vaelab.api.UserInputException;
import org.vaelab.api.data.DataSplit;
import org.vaelab.api.data.Dataset;
import org.vaelab.api.metric.Encoding;
import org.vaelab.experiments.config.ConfigLoader;
import org.vaelab.experiments.config.ExperimentConfig;
import org.vaelab.experiments.run.AtomicFiles;
import org.vaelab.experiments.runner.ExperimentRunner;
import org.vaelab.experiments.train.Progress;
import org.vaelab.experiments.trained.LoadedRun;
import org.vaelab.experiments.trained.UserImages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vaelab encode RUN_DIR --out FILE}: posterior means and log-variances, for downstream classifiers. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "Write the posterior means and log-variances of a trained run's encoder for a data set, as CSV "
                + "(with split, index and label, or file, columns) or .npy (float32 [n, 2*latentDim]: means, then "
                + "log-variances).")
final class EncodeCommand implements Callable<Integer> {

    /** Which split of a data set to encode. */
    enum Split { test, train, all }

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory.")
    Path run;

    @Option(names = "--data", paramLabel = "CONFIG_OR_FOLDER",
            description = "A config whose data section to encode, or a folder of images (resized to the model's). "
                    + "Default: the run's own data.")
    Path data;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "test",
            description = "For a data set: test, train or all (default: ${DEFAULT-VALUE}).")
    Split split;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The .csv or .npy file to write.")
    Path out;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".csv") && !name.endsWith(".npy")) {
            throw new UserInputException("--out " + out + ": the file must end in .csv or .npy");
        }
        LoadedRun loaded = LoadedRun.load(main.framework(), run, output.printer());
        List<String> keys = new ArrayList<>();          // the leading CSV columns of each row
        String keyHeader;
        INDArray images;
        if (data != null && Files.isDirectory(data)) {
            UserImages user = UserImages.read(data, loaded.data().info().shape());
            user.names().forEach(f -> keys.add(f.contains(",") || f.contains("\"") ? '"' + f.replace("\"", "\"\"") + '"' : f));
            keyHeader = "file";
            images = user.images();
        } else {
            Dataset dataset = data == null ? loaded.data() : load(loaded, data);
            List<INDArray> parts = new ArrayList<>();
            if (split != Split.train) {
                add("test", dataset.test(), keys, parts);
            }
            if (split != Split.test) {
                add("train", dataset.train(), keys, parts);
            }
            keyHeader = "split,index,label";
            images = Nd4j.vstack(parts.toArray(INDArray[]::new));
        }
        Encoding e = loaded.model().encode(images);
        Files.createDirectories(out.toAbsolutePath().getParent());
        if (name.endsWith(".npy")) {
            INDArray both = Nd4j.hstack(e.mean(), e.logVar()).castTo(DataType.FLOAT);
            AtomicFiles.writeFile(out, tmp -> Nd4j.writeAsNumpy(both, tmp.toFile()));
        } else {
            int d = loaded.model().latentDim();
            AtomicFiles.write(out, stream -> {
                BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8));
                StringBuilder header = new StringBuilder(keyHeader);
                for (int j = 0; j < d; j++) {
                    header.append(",mean_").append(j);
                }
                for (int j = 0; j < d; j++) {
                    header.append(",logVar_").append(j);
                }
                w.write(header.append('\n').toString());
                for (int i = 0; i < keys.size(); i++) {
                    StringBuilder row = new StringBuilder(keys.get(i));
                    for (int j = 0; j < d; j++) {
                        row.append(',').append(e.mean().getFloat(i, j));
                    }
                    for (int j = 0; j < d; j++) {
                        row.append(',').append(e.logVar().getFloat(i, j));
                    }
                    w.write(row.append('\n').toString());
                }
                w.flush();
            });
        }
        output.printer().printf(Locale.ROOT, "wrote %d encodings of %d dimensions to %s%n", keys.size(),
                loaded.model().latentDim(), out);
        return 0;
    }

    private static void add(String name, DataSplit s, List<String> keys, List<INDArray> parts) {
        for (long i = 0; i < s.size(); i++) {
            keys.add(name + "," + i + "," + (s.labels() == null ? "" : Long.toString(s.labels().getLong(i))));
        }
        parts.add(s.images());
    }

    private Dataset load(LoadedRun loaded, Path configFile) {
        ExperimentConfig other = new ConfigLoader(main.framework()).load(configFile, List.of());
        Dataset dataset = new ExperimentRunner(main.framework(), output.printer(), Progress.silent())
                .createDataSource(other).load(Seeds.derive(other.seed(), "data"));
        if (!dataset.info().shape().equals(loaded.data().info().shape())) {
            throw new UserInputException(configFile + ": its data are " + dataset.info().shape() + " images, but the model "
                    + "was trained on " + loaded.data().info().shape());
        }
        return dataset;
    }
}
