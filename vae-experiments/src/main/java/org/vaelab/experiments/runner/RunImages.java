package org.vaelab.experiments.runner;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vaelab.api.data.Dataset;
import org.vaelab.experiments.config.ExperimentConfig;
import org.vaelab.experiments.eval.RobustnessEvaluator;
import org.vaelab.experiments.graph.VaeGraph;
import org.vaelab.experiments.run.ImageGrid;
import org.vaelab.experiments.train.Evaluator;

/** The pictures a finished run leaves in {@code images/}. */
final class RunImages {

    private RunImages() {}

    /**
     * @return the images written, relative to the run directory
     */
    static List<String> write(ExperimentConfig config, Path dir, VaeGraph graph, Dataset data, long samplesSeed,
            RobustnessEvaluator.Result robustness) {
        Path images = dir.resolve("images");
        try {
            Files.createDirectories(images);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> written = new ArrayList<>();
        var shape = data.info().shape();
        int n = (int) Math.min(config.evaluation().reconstructions(), data.test().size());
        if (n > 0) {
            int columns = Math.min(n, 8);
            INDArray x = data.test().images().get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
            INDArray eps = Nd4j.zeros(x.dataType(), n, graph.context().latentDim());     // z = posterior mean
            INDArray mean = graph.sd().output(Evaluator.feeds(graph, x, eps), VaeGraph.MEAN).get(VaeGraph.MEAN);
            List<INDArray> rows = new ArrayList<>();
            for (int start = 0; start < n; start += columns) {     // originals above their reconstructions
                int end = Math.min(n, start + columns);
                rows.add(padRows(x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()), columns));
                rows.add(padRows(mean.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()), columns));
            }
            ImageGrid.save(Nd4j.vstack(rows.toArray(INDArray[]::new)), shape, columns, images.resolve("reconstructions.png"));
            written.add("images/reconstructions.png");
        }
        int s = config.evaluation().samples();
        if (s > 0) {
            SameDiff generator = graph.generator();
            INDArray z = graph.components().prior().sample(graph.context(), s, new SplittableRandom(samplesSeed));
            INDArray mean = generator.output(Map.of("z", z), "mean").get("mean");
            ImageGrid.save(mean, shape, Math.min(s, 8), images.resolve("samples.png"));
            written.add("images/samples.png");
        }
        if (robustness != null) {
            // rows: clean images, their corrupted inputs, the reconstructions from the corrupted inputs
            INDArray triples = Nd4j.vstack(robustness.clean(), robustness.corrupted(), robustness.reconstructed());
            ImageGrid.save(triples, shape, (int) robustness.clean().size(0), images.resolve("corruption.png"));
            written.add("images/corruption.png");
        }
        return written;
    }

    private static INDArray padRows(INDArray rows, int count) {
        if (rows.size(0) == count) {
            return rows;
        }
        return Nd4j.vstack(rows, Nd4j.zeros(rows.dataType(), count - rows.size(0), rows.size(1)));
    }
}
