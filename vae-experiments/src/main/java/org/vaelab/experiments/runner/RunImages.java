package org.vaelab.experiments.runner;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vaelab.api.data.Dataset;
import org.vaelab.api.data.ImageShape;
import org.vaelab.experiments.config.EvaluationSection;
import org.vaelab.experiments.config.ExperimentConfig;
import org.vaelab.experiments.eval.RobustnessEvaluator;
import org.vaelab.experiments.pictures.CorruptionPicture;
import org.vaelab.experiments.pictures.Png;
import org.vaelab.experiments.pictures.ReconstructionPicture;
import org.vaelab.experiments.pictures.SamplePicture;
import org.vaelab.experiments.pictures.TrainingCurves;
import org.vaelab.experiments.pictures.TraversalPicture;
import org.vaelab.experiments.pictures.TsneEmbedding;
import org.vaelab.experiments.pictures.TsnePicture;
import org.vaelab.experiments.trained.TrainedModel;

/**
 * The pictures a finished run leaves in {@code images/} (each drawn by a class of {@code pictures}), and that
 * {@code vaelab eval --pictures} draws again from a loaded run.
 */
public final class RunImages {

    private RunImages() {}

    /**
     * @param out receives one line naming the pictures and the time they took
     * @return the images written, relative to the run directory
     */
    static List<String> write(ExperimentConfig config, Path dir, TrainedModel model, Dataset data, long samplesSeed,
            RobustnessEvaluator.Result robustness, PrintStream out) {
        return write(config, dir.resolve("images"), dir.resolve("metrics.jsonl"), model, data, samplesSeed, robustness, out);
    }

    /**
     * @param config the run's config (which pictures, how many images)
     * @param images the folder to draw into
     * @param metricsFile the run's metrics.jsonl, for the training curves
     * @param model the trained model
     * @param data the run's data
     * @param samplesSeed the seed of the prior samples
     * @param robustness the corruption results, or null
     * @param out receives one line naming the pictures and the time they took
     * @return the images written, as {@code images/<name>.png}
     */
    public static List<String> write(ExperimentConfig config, Path images, Path metricsFile, TrainedModel model, Dataset data,
            long samplesSeed, RobustnessEvaluator.Result robustness, PrintStream out) {
        long t0 = System.nanoTime();
        double tsneSeconds = 0;
        try {
            Files.createDirectories(images);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
        EvaluationSection eval = config.evaluation();
        ImageShape shape = data.info().shape();
        INDArray test = data.test().images();
        List<String> written = new ArrayList<>();
        int n = (int) Math.min(eval.reconstructions(), test.size(0));
        if (n > 0) {
            Png.write(ReconstructionPicture.render(model, first(test, n), shape), images.resolve("reconstructions.png"));
            written.add("images/reconstructions.png");
        }
        int s = eval.samples();
        if (s > 0) {
            Png.write(SamplePicture.render(model, s, samplesSeed, shape), images.resolve("samples.png"));
            written.add("images/samples.png");
        }
        if (robustness != null) {
            Png.write(CorruptionPicture.render(robustness.clean(), robustness.corrupted(), robustness.reconstructed(), shape),
                    images.resolve("corruption.png"));
            written.add("images/corruption.png");
        }
        int t = (int) Math.min(eval.traversals(), test.size(0));
        if (t > 0) {
            Png.write(TraversalPicture.render(model, first(test, t), test, shape), images.resolve("traversals.png"));
            written.add("images/traversals.png");
        }
        int m = (int) Math.min(eval.tsnePoints(), test.size(0));
        if (m >= 4) {
            long tsneStart = System.nanoTime();
            INDArray means = model.encode(first(test, m)).mean();
            // the t-SNE's start is drawn from a seed of its own, split off the samples' seed
            long seed = new SplittableRandom(samplesSeed).split().nextLong();
            double[][] map = new TsneEmbedding(eval.tsneIterations(), TsneEmbedding.PERPLEXITY).embed(means, seed);
            TsnePicture.Groups groups = TsnePicture.Groups.of(data.info(), data.test(), m);
            String title = String.format(Locale.ROOT, "t-SNE of the posterior means of %d test images%s", m,
                    groups.title().isEmpty() ? "" : ", coloured by " + groups.title());
            Png.write(TsnePicture.render(map, groups, title), images.resolve("tsne.png"));
            written.add("images/tsne.png");
            tsneSeconds = (System.nanoTime() - tsneStart) / 1e9;
        }
        if (Files.exists(metricsFile)) {
            var curves = TrainingCurves.render(metricsFile);
            if (curves.isPresent()) {
                Png.write(curves.get(), images.resolve("curves.png"));
                written.add("images/curves.png");
            }
        }
        out.printf(Locale.ROOT, "pictures: %s (%.1f s%s)%n", String.join(", ", written),
                (System.nanoTime() - t0) / 1e9,
                tsneSeconds > 0 ? String.format(Locale.ROOT, ", of which t-SNE of %d points %.1f s", m, tsneSeconds) : "");
        return written;
    }

    private static INDArray first(INDArray images, long n) {
        return images.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
    }
}
