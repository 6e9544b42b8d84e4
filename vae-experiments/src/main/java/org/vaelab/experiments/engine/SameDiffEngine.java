package org.vaelab.experiments.engine;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.experiments.graph.VaeGraph;
import org.vaelab.experiments.train.BatchIterator;
import org.vaelab.experiments.train.Evaluator;
import org.vaelab.experiments.train.StepListener;

/** The reference path: SameDiff's own {@code fit} and {@code output}, for every graph. */
public final class SameDiffEngine implements Engine {

    private final VaeGraph graph;
    private final String reason;

    /**
     * @param graph the model
     * @param reason why this engine runs, for example {@code "training.engine: samediff"}
     */
    public SameDiffEngine(VaeGraph graph, String reason) {
        this.graph = graph;
        this.reason = reason;
    }

    @Override
    public String name() {
        return "samediff";
    }

    @Override
    public String description() {
        return "samediff (" + reason + ")";
    }

    @Override
    public VaeGraph graph() {
        return graph;
    }

    @Override
    public void prepare() {
        graph.prepareGradients();
    }

    @Override
    public void trainEpoch(BatchIterator batches, StepListener.StepCallback onStep) {
        graph.sd().fit(batches, 1, new StepListener(graph.termMetricNames(), graph.termFactors(), onStep));
    }

    @Override
    public BatchValues evaluate(INDArray x, INDArray eps) {
        return GraphOutputs.values(graph, graph.sd().output(Evaluator.feeds(graph, x, eps),
                GraphOutputs.evaluationOutputs(graph).toArray(String[]::new)));
    }

    @Override
    public double[][] logWeights(INDArray x, INDArray eps, int samples) {
        Map<String, INDArray> out = graph.sd().output(GraphOutputs.repeatedFeeds(graph, x, eps, samples), VaeGraph.LOG_WEIGHT);
        return GraphOutputs.logWeights(out.get(VaeGraph.LOG_WEIGHT), (int) x.size(0), samples);
    }

    @Override
    public void close() {}
}
