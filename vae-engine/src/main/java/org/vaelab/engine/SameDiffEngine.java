package org.vaelab.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.metric.Encoding;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.vaelab.engine.StepCallback;
import org.vaelab.engine.batch.BatchIterator;
import org.vaelab.engine.batch.Evaluator;
import org.vaelab.engine.optimizer.ParameterUpdates;
import org.vaelab.engine.graph.VaeGraph;

/**
 * The reference path, for every graph: SameDiff's own session computes the loss terms, the gradients
 * (its autodiff) and the evaluation outputs.
 */
public final class SameDiffEngine implements Engine {

    private final VaeGraph graph;
    private final String reason;
    private final SessionInference inference;

    /**
     * @param graph the model
     * @param reason why this engine runs, for example {@code "training.engine: samediff"}
     */
    public SameDiffEngine(VaeGraph graph, String reason) {
        this.graph = graph;
        this.reason = reason;
        this.inference = new SessionInference(graph);
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

    /**
     * Each step: SameDiff's session computes the loss terms and the gradients (its autodiff, the reference),
     * and the update is the one every engine applies ({@link ParameterUpdates}) to the graph's own optimiser
     * state, so the engines differ only in how they compute gradients.
     */
    @Override
    public void trainEpoch(BatchIterator batches, StepCallback onStep) {
        int size = batches.batchSize();
        if (size == 1 || batches.examples() % size == 1) {
            // SameDiff's session fails on a one-row batch in ND4J 1.0.0-M2.1 (a reduction over a dimension of
            // length 1); said before the epoch's first step instead of after its last
            throw new org.vaelab.api.UserInputException("training.batchSize: " + size + (size == 1
                    ? " makes every batch one image"
                    : " leaves one image of the " + batches.examples() + " training images for the last batch of each epoch")
                    + ", and the samediff engine cannot train on a batch of one image (ND4J 1.0.0-M2.1); change"
                    + " training.batchSize or the training set's size, or use the compiled engine");
        }
        List<String> parameters = new ArrayList<>();
        for (String p : graph.parameters().keySet()) {
            if (graph.sd().getVariable(p).getGradient() != null) {   // a parameter the loss ignores is not updated
                parameters.add(p);
            }
        }
        ParameterUpdates updates = ParameterUpdates.bind(graph, parameters);
        try {
            while (batches.hasNext()) {
                MultiDataSet batch = batches.next();
                List<String> outputs = new ArrayList<>(graph.termMetricNames());
                outputs.add(VaeGraph.LOSS_TOTAL);       // from the graph: a term's weight may be scheduled there
                var result = graph.sd().calculateGradientsAndOutputs(graph.feeds(batch), outputs, parameters);
                Map<String, Double> values = new LinkedHashMap<>();
                for (String term : graph.termMetricNames()) {
                    values.put(term, result.getOutputs().get(term).getDouble(0));
                }
                double total = result.getOutputs().get(VaeGraph.LOSS_TOTAL).getDouble(0);
                List<INDArray> gradients = new ArrayList<>();
                List<java.nio.ByteBuffer> none = new ArrayList<>();
                for (String p : parameters) {
                    gradients.add(result.getGradients().get(p));
                    none.add(null);
                }
                updates.apply(gradients, none, 0, 1);
                updates.endStep();
                Map<String, Double> ordered = new LinkedHashMap<>();
                ordered.put(VaeGraph.LOSS_TOTAL, total);
                ordered.putAll(values);
                onStep.step(batch.getFeatures(0).size(0), ordered);
            }
        } finally {
            updates.store();
            graph.sd().getTrainingConfig().incrementEpochCount();
        }
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

    @Override
    public Encoding encode(INDArray images) {
        return inference.encode(images);
    }

    @Override
    public INDArray decode(INDArray z) {
        return inference.decode(z);
    }
}
