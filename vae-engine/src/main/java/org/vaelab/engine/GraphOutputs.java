package org.vaelab.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.engine.batch.Evaluator;
import org.vaelab.engine.graph.VaeGraph;

/** Evaluation read off the graph's {@code eval/} and {@code loss/} outputs, for engines that run the graph's ops. */
final class GraphOutputs {

    private GraphOutputs() {}

    /** @return the outputs {@link #values} reads, in order */
    static List<String> evaluationOutputs(VaeGraph graph) {
        List<String> outputs = new ArrayList<>(List.of(VaeGraph.NEG_ELBO, VaeGraph.RECON, VaeGraph.KL));
        outputs.addAll(graph.metricNames());
        outputs.add(VaeGraph.LOSS_TOTAL);
        return outputs;
    }

    /** @return the batch's evaluation sums from the outputs named by {@link #evaluationOutputs} */
    static Engine.BatchValues values(VaeGraph graph, Map<String, INDArray> out) {
        Map<String, Double> means = new LinkedHashMap<>();
        for (String name : graph.metricNames()) {
            means.put(name, out.get(name).getDouble(0));
        }
        means.put(VaeGraph.LOSS_TOTAL, out.get(VaeGraph.LOSS_TOTAL).getDouble(0));
        return new Engine.BatchValues(sum(out.get(VaeGraph.NEG_ELBO)), sum(out.get(VaeGraph.RECON)),
                sum(out.get(VaeGraph.KL)), means);
    }

    private static double sum(INDArray a) {
        return a.sumNumber().doubleValue();
    }

    /** @return feeds of each image repeated once per sample (consecutive rows), for the {@code eval/logWeight} output */
    static Map<String, INDArray> repeatedFeeds(VaeGraph graph, INDArray x, INDArray eps, int samples) {
        return Evaluator.feeds(graph, x.repeat(0, samples), eps);
    }

    /** @return {@code [n][K]} from the {@code eval/logWeight} output of {@link #repeatedFeeds} */
    static double[][] logWeights(INDArray logWeight, int images, int samples) {
        return bySample(logWeight.castTo(DataType.DOUBLE).toDoubleVector(), images, samples);
    }

    /** @return {@code [n][K]}: image i's K values, from rows {@code i*K .. i*K+K-1} of a flat array */
    static double[][] bySample(double[] flat, int images, int samples) {
        double[][] w = new double[images][];
        for (int i = 0; i < images; i++) {
            w[i] = java.util.Arrays.copyOfRange(flat, i * samples, (i + 1) * samples);
        }
        return w;
    }
}
