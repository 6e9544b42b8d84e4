package org.vaelab.experiments.trained;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vaelab.api.metric.Encoding;
import org.vaelab.engine.batch.Evaluator;
import org.vaelab.engine.graph.VaeGraph;

/**
 * What a trained model does for its users: encode images to their posterior, decode latent codes to mean
 * images, sample from the prior. Works on the graph's parameters whichever engine trained them, in batches,
 * so any number of images fits in memory.
 */
public final class TrainedModel {

    private static final int BATCH = 500;

    private final VaeGraph graph;
    private SameDiff generator;

    /** @param graph a graph holding trained parameters */
    public TrainedModel(VaeGraph graph) {
        this.graph = graph;
    }

    /** @return the graph */
    public VaeGraph graph() {
        return graph;
    }

    /** @return latent dimensions */
    public int latentDim() {
        return graph.context().latentDim();
    }

    /**
     * @param images {@code [n, C*H*W]} in [0, 1]
     * @return posterior means and log-variances {@code [n, latentDim]}
     */
    public Encoding encode(INDArray images) {
        List<INDArray> means = new ArrayList<>();
        List<INDArray> logVars = new ArrayList<>();
        long n = images.size(0);
        for (long start = 0; start < n; start += BATCH) {
            INDArray x = images.get(NDArrayIndex.interval(start, Math.min(n, start + BATCH)), NDArrayIndex.all());
            INDArray eps = Nd4j.zeros(x.dataType(), x.size(0), latentDim());
            Map<String, INDArray> out = graph.sd().output(Evaluator.feeds(graph, x, eps), VaeGraph.Q_MEAN, VaeGraph.Q_LOG_VAR);
            means.add(out.get(VaeGraph.Q_MEAN).dup());
            logVars.add(out.get(VaeGraph.Q_LOG_VAR).dup());
        }
        if (means.isEmpty()) {
            return new Encoding(Nd4j.create(images.dataType(), 0, latentDim()), Nd4j.create(images.dataType(), 0, latentDim()));
        }
        return new Encoding(Nd4j.vstack(means.toArray(INDArray[]::new)), Nd4j.vstack(logVars.toArray(INDArray[]::new)));
    }

    /**
     * @param z latent codes {@code [n, latentDim]}
     * @return the decoder's mean images {@code [n, C*H*W]}
     */
    public INDArray decode(INDArray z) {
        if (generator == null) {
            generator = graph.generator();
        }
        List<INDArray> parts = new ArrayList<>();
        long n = z.size(0);
        for (long start = 0; start < n; start += BATCH) {
            INDArray batch = z.get(NDArrayIndex.interval(start, Math.min(n, start + BATCH)), NDArrayIndex.all());
            parts.add(generator.output(Map.of("z", batch.castTo(graph.context().dataType())), "mean").get("mean").dup());
        }
        return Nd4j.vstack(parts.toArray(INDArray[]::new));
    }

    /**
     * @param n how many
     * @param seed the seed of the prior draws
     * @return decoded prior samples {@code [n, C*H*W]}
     */
    public INDArray sample(int n, long seed) {
        INDArray z = graph.components().prior().sample(graph.context(), n, new SplittableRandom(seed));
        return decode(z);
    }

    /**
     * The mean over images of KL(q(z_d|x) || N(0, 1)) per latent dimension: which dimensions the model uses.
     *
     * @param images {@code [n, C*H*W]}
     * @return nats per dimension
     */
    public double[] klPerDimension(INDArray images) {
        Encoding e = encode(images);
        double[] kl = new double[latentDim()];
        long n = e.mean().size(0);
        for (int d = 0; d < kl.length; d++) {
            double sum = 0;
            for (long i = 0; i < n; i++) {
                double m = e.mean().getDouble(i, d);
                double lv = e.logVar().getDouble(i, d);
                sum += 0.5 * (m * m + Math.exp(lv) - 1 - lv);
            }
            kl[d] = n == 0 ? 0 : sum / n;
        }
        return kl;
    }
}
