package org.vaelab.engine;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.metric.Encoding;
import org.vaelab.engine.StepCallback;
import org.vaelab.engine.batch.BatchIterator;
import org.vaelab.engine.graph.VaeGraph;

/**
 * What trains and evaluates a {@link VaeGraph}: the compiled engine (the graph's ops, run as a fixed program
 * with the engine's kernels) or SameDiff's own session (the reference path). Every engine works on the graph's own parameter
 * arrays and SameDiff's optimiser state, so checkpoints, resume, images and every reader of the graph are
 * the same whichever engine ran.
 */
public interface Engine extends AutoCloseable {

    /** @return {@code compiled} or {@code samediff} */
    String name();

    /** @return the name with its settings and, for a fallback, the reason, as the run prints it */
    String description();

    /** @return the graph this engine runs */
    VaeGraph graph();

    /**
     * Differentiates or compiles what training needs; called once before the first epoch, after the
     * graph's training config is set and any checkpoint is restored.
     */
    void prepare();

    /**
     * Trains one epoch: one optimisation step per batch, in order.
     *
     * @param batches the epoch's batches, with their noise and corruption
     * @param onStep receives each step's term means and {@code loss/total}
     */
    void trainEpoch(BatchIterator batches, StepCallback onStep);

    /**
     * Scores a batch of clean images without training.
     *
     * @param x the images {@code [n, C*H*W]}
     * @param eps reparameterisation noise {@code [n, latentDim]}
     * @return sums over the batch of the per-example negative ELBO, reconstruction NLL and KL, and the
     *     batch mean of each term (with {@code loss/total})
     */
    BatchValues evaluate(INDArray x, INDArray eps);

    /**
     * The importance-sampling log weights {@code log p(x|z_k) + log p(z_k) - log q(z_k|x)} of each image's
     * samples {@code z_k = mean + exp(logVar/2) eps_k}.
     *
     * @param x images {@code [n, C*H*W]}
     * @param eps noise {@code [n * K, latentDim]}: image i's K draws are rows {@code i*K .. i*K+K-1}
     * @param samples K
     * @return {@code [n][K]} log weights
     */
    double[][] logWeights(INDArray x, INDArray eps, int samples);

    /**
     * The posterior of images, with the current parameters.
     *
     * @param images {@code [n, C*H*W]} in [0, 1]
     * @return posterior means and log-variances, {@code [n, latentDim]} each
     */
    Encoding encode(INDArray images);

    /**
     * The decoder's mean images, with the current parameters.
     *
     * @param z latent codes {@code [n, latentDim]}
     * @return mean images {@code [n, C*H*W]}
     */
    INDArray decode(INDArray z);

    /**
     * Decoded prior samples.
     *
     * @param n how many
     * @param seed the seed of the prior's draws
     * @return mean images {@code [n, C*H*W]}
     */
    default INDArray sample(int n, long seed) {
        return decode(graph().components().prior().sample(graph().context(), n, new java.util.SplittableRandom(seed)));
    }

    /** Stops the engine's threads. */
    @Override
    void close();

    /**
     * Per-batch evaluation sums.
     *
     * @param negElbo sum of the per-example negative ELBO
     * @param recon sum of the reconstruction negative log-likelihood
     * @param kl sum of KL(q||p)
     * @param termMeans batch mean of each loss term by metric name, and {@code loss/total}
     */
    record BatchValues(double negElbo, double recon, double kl, Map<String, Double> termMeans) {}
}
