package org.vaelab.api.data;

import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Images for any combination of discrete ground-truth factor values, as disentanglement_lib's
 * {@code GroundTruthData} provides them ({@code sample_factors}, {@code sample_observations_from_factors}):
 * what the BetaVAE and FactorVAE scores need to fix one factor and vary the others.
 */
public interface GroundTruthFactors {

    /** @return the factors' names, in column order */
    List<String> names();

    /** @return the number of values each factor takes */
    int[] sizes();

    /**
     * @param n how many
     * @param rng the randomness
     * @return {@code n} factor combinations, each factor's value index uniform over its {@link #sizes()}
     */
    int[][] sample(int n, SplittableRandom rng);

    /**
     * @param factors value indices {@code [n][k]}
     * @return the images {@code [n, C*H*W]}
     */
    INDArray render(int[][] factors);
}
