package org.vaelab.metrics.disentanglement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.vaelab.metrics.internal.Stats;

/** MIG's counting and DCI's and SAP's aggregation against hand computations on tiny cases. */
class HandComputedTest {

    @Test
    void migMatchesAHandComputation() {
        // code 0 takes x = 0,0,1,1,1,1; code 1 is constant; the factor is y = 0,0,0,1,1,1
        double[][] means = {{0, 5}, {0, 5}, {1, 5}, {1, 5}, {1, 5}, {1, 5}};
        int[][] factors = {{0}, {0}, {0}, {1}, {1}, {1}};
        // joint counts (x,y): (0,0)=2, (1,0)=1, (1,1)=3; p(x=0)=1/3, p(x=1)=2/3, p(y)=1/2 each
        // I = 1/3 ln((1/3)/(1/3*1/2)) + 1/6 ln((1/6)/(2/3*1/2)) + 1/2 ln((1/2)/(2/3*1/2))
        //   = 1/6 ln 2 + 1/2 ln 1.5 = 0.318257...
        double mi = Math.log(2) / 6 + Math.log(1.5) / 2;
        double entropy = Math.log(2);

        double[][] computed = Mig.mutualInformation(means, factors, 2);
        assertThat(computed[0][0]).isCloseTo(mi, within(1e-12));
        assertThat(computed[1][0]).isCloseTo(0.0, within(1e-12));
        assertThat(Stats.entropy(new int[] {0, 0, 0, 1, 1, 1})).isCloseTo(entropy, within(1e-12));
        assertThat(Mig.score(means, factors, 2)).isCloseTo(mi / entropy, within(1e-12)); // 0.459148...
    }

    @Test
    void histogramDiscretisationUsesEqualWidthBinsOverTheRange() {
        double[][] x = {{0.0}, {0.24}, {0.26}, {0.5}, {0.99}, {1.0}};
        int[][] bins = Stats.histogramDiscretize(x, 4);
        // edges 0, 0.25, 0.5, 0.75, 1; the maximum falls in the last bin, as numpy's histogram puts it
        assertThat(bins[0]).containsExactly(0, 0, 1, 2, 3, 3);
    }

    @Test
    void dciOfADiagonalImportanceIsOneAndOfAUniformOneIsZero() {
        assertThat(Dci.disentanglement(new double[][] {{1, 0}, {0, 2}})).isCloseTo(1.0, within(1e-12));
        assertThat(Dci.completeness(new double[][] {{1, 0}, {0, 2}})).isCloseTo(1.0, within(1e-12));
        assertThat(Dci.disentanglement(new double[][] {{1, 1}, {1, 1}})).isCloseTo(0.0, within(1e-12));
        // one code for both factors: perfectly complete, not disentangled
        assertThat(Dci.disentanglement(new double[][] {{1, 1}, {0, 0}})).isCloseTo(0.0, within(1e-12));
        assertThat(Dci.completeness(new double[][] {{1, 1}, {0, 0}})).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void sapAveragesTheGapBetweenTheTwoBestCodesPerFactor() {
        double[][] scores = {{0.9, 0.2}, {0.3, 0.8}, {0.5, 0.7}};
        assertThat(Sap.averageTopTwoGap(scores)).isCloseTo(((0.9 - 0.5) + (0.8 - 0.7)) / 2, within(1e-12));
    }
}
