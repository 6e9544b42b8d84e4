package org.vaelab.experiments.trained;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.metric.Encoding;
import org.vaelab.engine.Engine;
import org.vaelab.engine.graph.VaeGraph;

/**
 * What a trained model does for its users: encode images to their posterior, decode latent codes to mean
 * images, sample from the prior, through an engine (in passes, so any number of images fits in memory), with
 * the graph's parameters whichever engine trained them.
 */
public final class TrainedModel {

    private final Engine engine;

    /** @param engine an engine over a graph holding trained parameters */
    public TrainedModel(Engine engine) {
        this.engine = engine;
    }

    /** @return the graph */
    public VaeGraph graph() {
        return engine.graph();
    }

    /** @return the engine that encodes and decodes */
    public Engine engine() {
        return engine;
    }

    /** @return latent dimensions */
    public int latentDim() {
        return engine.graph().context().latentDim();
    }

    /**
     * @param images {@code [n, C*H*W]} in [0, 1]
     * @return posterior means and log-variances {@code [n, latentDim]}
     */
    public Encoding encode(INDArray images) {
        return engine.encode(images);
    }

    /**
     * @param z latent codes {@code [n, latentDim]}
     * @return the decoder's mean images {@code [n, C*H*W]}
     */
    public INDArray decode(INDArray z) {
        return engine.decode(z);
    }

    /**
     * @param n how many
     * @param seed the seed of the prior draws
     * @return decoded prior samples {@code [n, C*H*W]}
     */
    public INDArray sample(int n, long seed) {
        return engine.sample(n, seed);
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
