package org.vaelab.experiments.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vaelab.api.data.DataSplit;
import org.vaelab.experiments.graph.VaeGraph;

/**
 * Held-out evaluation on clean inputs: the negative ELBO per image (reconstruction NLL + KL, in nats,
 * whatever the training weights) and every loss term, averaged over the split. The noise comes from a
 * fixed seed, so every epoch is scored with the same draws.
 */
public final class Evaluator {

    private Evaluator() {}

    /**
     * @param graph the model
     * @param split the split to score
     * @param batchSize examples per batch
     * @param noiseSeed the seed of the reparameterisation noise
     * @param prefix metric name prefix, for example {@code "test/"}
     * @return metric name to mean value
     */
    public static Map<String, Double> evaluate(VaeGraph graph, DataSplit split, int batchSize, long noiseSeed,
            String prefix) {
        List<String> perExample = List.of(VaeGraph.NEG_ELBO, VaeGraph.RECON, VaeGraph.KL);
        List<String> means = new ArrayList<>(graph.termMetricNames());
        means.add(VaeGraph.LOSS_TOTAL);
        List<String> outputs = new ArrayList<>(perExample);
        outputs.addAll(means);
        SplittableRandom noise = new SplittableRandom(noiseSeed);
        Map<String, Double> sums = new HashMap<>();
        long n = split.size();
        int latentDim = graph.context().latentDim();
        for (long start = 0; start < n; start += batchSize) {
            long end = Math.min(n, start + batchSize);
            INDArray x = split.images().get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
            Map<String, INDArray> feeds = feeds(graph, x, Gaussian.standard(noise, end - start, latentDim));
            Map<String, INDArray> out = graph.sd().output(feeds, outputs.toArray(String[]::new));
            for (String name : perExample) {
                sums.merge(name, out.get(name).sumNumber().doubleValue(), Double::sum);
            }
            for (String name : means) {                 // batch means: weight by batch size
                sums.merge(name, out.get(name).getDouble(0) * (end - start), Double::sum);
            }
        }
        Map<String, Double> result = new LinkedHashMap<>();
        result.put(prefix + "negElbo", sums.get(VaeGraph.NEG_ELBO) / n);
        result.put(prefix + "recon", sums.get(VaeGraph.RECON) / n);
        result.put(prefix + "kl", sums.get(VaeGraph.KL) / n);
        for (String name : means) {
            result.put(prefix + name, sums.get(name) / n);
        }
        return result;
    }

    /**
     * The feeds for clean inputs: {@code input} is the clean batch and {@code mask} all zeros.
     *
     * @param graph the model
     * @param x a batch
     * @param eps noise for the batch
     * @return placeholder feeds
     */
    public static Map<String, INDArray> feeds(VaeGraph graph, INDArray x, INDArray eps) {
        Map<String, INDArray> feeds = new HashMap<>();
        feeds.put(VaeGraph.X, x);
        if (graph.hasInput()) {
            feeds.put(VaeGraph.INPUT, x);
        }
        if (graph.hasMask()) {
            feeds.put(VaeGraph.MASK, Nd4j.zeros(x.dataType(), x.shape()));
        }
        feeds.put(VaeGraph.EPS, eps);
        return feeds;
    }
}
