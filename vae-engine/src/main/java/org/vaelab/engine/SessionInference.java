package org.vaelab.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vaelab.api.metric.Encoding;
import org.vaelab.engine.batch.Evaluator;
import org.vaelab.engine.graph.VaeGraph;

/**
 * Encoding and decoding on SameDiff's session, in passes of {@value #ROWS} rows so any number of images fits in
 * memory: the reference path's.
 */
final class SessionInference {

    static final int ROWS = 500;

    private final VaeGraph graph;
    private SameDiff generator;

    SessionInference(VaeGraph graph) {
        this.graph = graph;
    }

    Encoding encode(INDArray images) {
        int latent = graph.context().latentDim();
        List<INDArray> means = new ArrayList<>();
        List<INDArray> logVars = new ArrayList<>();
        long n = images.size(0);
        for (long start = 0; start < n; start += ROWS) {
            INDArray x = images.get(NDArrayIndex.interval(start, Math.min(n, start + ROWS)), NDArrayIndex.all());
            INDArray eps = Nd4j.zeros(x.dataType(), x.size(0), latent);
            Map<String, INDArray> out = graph.sd().output(Evaluator.feeds(graph, x, eps), VaeGraph.Q_MEAN, VaeGraph.Q_LOG_VAR);
            means.add(out.get(VaeGraph.Q_MEAN).dup());
            logVars.add(out.get(VaeGraph.Q_LOG_VAR).dup());
        }
        return stack(means, logVars, images, latent);
    }

    INDArray decode(INDArray z) {
        if (generator == null) {
            generator = graph.generator();
        }
        List<INDArray> parts = new ArrayList<>();
        long n = z.size(0);
        for (long start = 0; start < n; start += ROWS) {
            INDArray batch = z.get(NDArrayIndex.interval(start, Math.min(n, start + ROWS)), NDArrayIndex.all());
            parts.add(generator.output(Map.of("z", batch.castTo(graph.context().dataType())), "mean").get("mean").dup());
        }
        return parts.isEmpty() ? Nd4j.create(graph.context().dataType(), 0, graph.context().inputDim())
                : Nd4j.vstack(parts.toArray(INDArray[]::new));
    }

    /** The passes' encodings stacked (an empty pair for no images). */
    static Encoding stack(List<INDArray> means, List<INDArray> logVars, INDArray images, int latent) {
        if (means.isEmpty()) {
            return new Encoding(Nd4j.create(images.dataType(), 0, latent), Nd4j.create(images.dataType(), 0, latent));
        }
        return new Encoding(Nd4j.vstack(means.toArray(INDArray[]::new)), Nd4j.vstack(logVars.toArray(INDArray[]::new)));
    }
}
