package org.vaelab.engine.batch;

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
import org.vaelab.engine.Engine;
import org.vaelab.engine.graph.VaeGraph;

/**
 * Held-out evaluation on clean inputs: the negative ELBO per image (reconstruction NLL + KL, in nats,
 * whatever the training weights) and every loss term, averaged over the split. The noise comes from a
 * fixed seed, so every epoch is scored with the same draws.
 */
public final class Evaluator {

    private Evaluator() {}

    /**
     * @param engine the engine over the model
     * @param split the split to score
     * @param batchSize examples per batch
     * @param noiseSeed the seed of the reparameterisation noise
     * @param prefix metric name prefix, for example {@code "test/"}
     * @return metric name to mean value
     */
    public static Map<String, Double> evaluate(Engine engine, DataSplit split, int batchSize, long noiseSeed,
            String prefix) {
        VaeGraph graph = engine.graph();
        List<String> means = new ArrayList<>(graph.metricNames());
        means.add(VaeGraph.LOSS_TOTAL);
        SplittableRandom noise = new SplittableRandom(noiseSeed);
        Map<String, Double> sums = new HashMap<>();
        long n = split.size();
        int latentDim = graph.context().latentDim();
        for (long start = 0; start < n; start += batchSize) {
            long end = Math.min(n, start + batchSize);
            INDArray x = split.images().get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
            INDArray eps = Gaussian.standard(noise, end - start, latentDim);
            Engine.BatchValues v = engine.evaluate(x, eps);
            sums.merge(VaeGraph.NEG_ELBO, v.negElbo(), Double::sum);
            sums.merge(VaeGraph.RECON, v.recon(), Double::sum);
            sums.merge(VaeGraph.KL, v.kl(), Double::sum);
            for (String name : means) {                 // batch means: weight by batch size
                sums.merge(name, v.termMeans().get(name) * (end - start), Double::sum);
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
     * The importance-weighted estimate of the negative log-likelihood (Burda, Grosse and Salakhutdinov
     * 2016): {@code -log p(x) ~ -log (1/K sum_k p(x|z_k) p(z_k) / q(z_k|x))}, z_k ~ q(z|x), averaged over the
     * split, in nats. It is an upper bound on -log p(x) that tightens as K grows; K = 1 gives the ELBO.
     *
     * @param engine the engine over the model
     * @param split the split to score
     * @param samples K, importance samples per image
     * @param rowsPerBatch images x samples per graph call (memory bound)
     * @param noiseSeed the seed of the samples
     * @return the estimate of -log p(x) per image
     */
    public static double iwaeNegLogLikelihood(Engine engine, DataSplit split, int samples, int rowsPerBatch,
            long noiseSeed) {
        VaeGraph graph = engine.graph();
        SplittableRandom noise = new SplittableRandom(noiseSeed);
        int images = Math.max(1, rowsPerBatch / samples);
        int latentDim = graph.context().latentDim();
        long n = split.size();
        double total = 0;
        for (long start = 0; start < n; start += images) {
            long end = Math.min(n, start + images);
            int count = Math.toIntExact(end - start);
            INDArray x = split.images().get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
            INDArray eps = Gaussian.standard(noise, (long) count * samples, latentDim);
            double[][] w = engine.logWeights(x, eps, samples);
            for (int i = 0; i < count; i++) {
                total -= logMeanExp(w[i], 0, samples);
            }
        }
        return total / n;
    }

    /** log((1/k) sum exp(v[offset..offset+k))), computed stably in double precision. */
    static double logMeanExp(double[] v, int offset, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = offset; j < offset + k; j++) {
            max = Math.max(max, v[j]);
        }
        double sum = 0;
        for (int j = offset; j < offset + k; j++) {
            sum += Math.exp(v[j] - max);
        }
        return max + Math.log(sum / k);
    }

    /**
     * The feeds for clean inputs: {@code input} is the clean batch and {@code mask} all zeros; component
     * inputs get noise and the training progress set on the graph.
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
        if (!graph.inputs().isEmpty()) {
            feeds.putAll(ComponentInputs.evaluationValues(graph.inputs(), eps, graph.seed(), graph.progressStep(),
                    graph.progressEpoch()));
        }
        return feeds;
    }
}
