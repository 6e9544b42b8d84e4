package org.vaelab.api.metric;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.data.Dataset;
import org.vaelab.api.data.GroundTruthFactors;

/** What a metric may use: the trained model's encode and decode calls, the data, and its own seed. */
public interface MetricInput {

    /** @return the run's data (train and test splits; labels and factors where the data have them) */
    Dataset data();

    /**
     * @return a generator of images for any combination of the ground-truth factors (dSprites), for the
     *     protocols that fix a factor and draw the others (the BetaVAE and FactorVAE scores); empty for data
     *     known only by its samples
     */
    Optional<GroundTruthFactors> groundTruth();

    /** @return the number of latent dimensions */
    int latentDim();

    /**
     * @param images {@code [n, C*H*W]} in [0, 1]
     * @return their posterior means and log-variances (batched internally, so any n works)
     */
    Encoding encode(INDArray images);

    /**
     * @param z latent codes {@code [n, latentDim]}
     * @return the decoder's mean images {@code [n, C*H*W]}
     */
    INDArray decode(INDArray z);

    /** @return this metric's seed, derived from the run seed and the metric's position in the config */
    long seed();
}
