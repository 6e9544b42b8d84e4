package org.vaelab.metrics.disentanglement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vaelab.api.UserInputException;
import org.vaelab.api.metric.Metric;
import org.vaelab.metrics.FakeMetricInput;
import org.vaelab.metrics.SyntheticFactors;

/**
 * The disentanglement metrics on constructed representations with known answers, at small sample sizes: the
 * factors themselves (plus a little noise) score near-perfectly; random codes score near chance; a factor coded
 * twice loses on MIG but not on informativeness.
 */
class DisentanglementMetricsTest {

    /** Three factors of 4, 6 and 10 values. */
    private static final SyntheticFactors TRUTH = new SyntheticFactors(4, 6, 10);

    private static final double NOISE = 0.05;

    /** Chance accuracy of predicting a factor: the mean of 1 / size over the factors. */
    private static final double CHANCE_ACCURACY = (1.0 / 4 + 1.0 / 6 + 1.0 / 10) / 3;

    private static final BetaVaeScore BETA = new BetaVaeScore(new BetaVaeScoreSpec(16, 300, 200, 20));
    private static final FactorVaeScore FACTOR = new FactorVaeScore(new FactorVaeScoreSpec(32, 300, 200, 1000, 0.0));
    private static final Mig MIG = new Mig(new MigSpec(2000, 20));
    private static final Dci DCI = new Dci(new DciSpec(1000, 500, 5, 10, 1.0));
    private static final Sap SAP = new Sap(new SapSpec(1000, 500, 10));

    private static Map<String, Double> run(Metric metric, FakeMetricInput input, String label) {
        Map<String, Double> result = metric.compute(input);
        System.out.println("[metrics] " + label + " " + metric.getClass().getSimpleName() + " " + result);
        assertThat(result.values()).allMatch(Double::isFinite);
        return result;
    }

    private static FakeMetricInput identity() {
        return FakeMetricInput.identity(TRUTH, NOISE, 11);
    }

    private static FakeMetricInput random() {
        return FakeMetricInput.random(TRUTH, 3, 12);
    }

    // ---------------------------------------------------------------- the factors themselves

    @Test
    void theFactorsThemselvesScoreNearPerfectly() {
        assertThat(run(BETA, identity(), "identity").get("eval_accuracy")).isGreaterThanOrEqualTo(0.98);
        Map<String, Double> factor = run(FACTOR, identity(), "identity");
        assertThat(factor.get("eval_accuracy")).isGreaterThanOrEqualTo(0.98);
        assertThat(factor.get("num_active_dims")).isEqualTo(3.0);
        assertThat(run(MIG, identity(), "identity").get("")).isGreaterThan(0.9);
        Map<String, Double> dci = run(DCI, identity(), "identity");
        assertThat(dci.get("disentanglement")).isGreaterThan(0.95);
        assertThat(dci.get("completeness")).isGreaterThan(0.95);
        assertThat(dci.get("informativeness")).isGreaterThanOrEqualTo(0.99);
        assertThat(run(SAP, identity(), "identity").get("")).isGreaterThan(0.3);
    }

    // ---------------------------------------------------------------- random codes

    @Test
    void randomCodesScoreNearChance() {
        // chance for the BetaVAE and FactorVAE scores: 1 / 3 factors
        assertThat(run(BETA, random(), "random").get("eval_accuracy")).isBetween(0.2, 0.5);
        assertThat(run(FACTOR, random(), "random").get("eval_accuracy")).isBetween(0.2, 0.5);
        // chance for MIG, DCI disentanglement and SAP: 0 (up to the finite-sample bias)
        assertThat(run(MIG, random(), "random").get("")).isBetween(0.0, 0.05);
        Map<String, Double> dci = run(DCI, random(), "random");
        assertThat(dci.get("disentanglement")).isBetween(0.0, 0.25);
        // chance for informativeness: the mean over factors of 1 / size = 0.172
        assertThat(dci.get("informativeness")).isBetween(CHANCE_ACCURACY - 0.07, CHANCE_ACCURACY + 0.07);
        assertThat(run(SAP, random(), "random").get("")).isBetween(0.0, 0.08);
    }

    // ---------------------------------------------------------------- one factor coded twice

    @Test
    void aFactorCodedTwiceLosesOnMigButNotOnInformativeness() {
        FakeMetricInput twice = FakeMetricInput.duplicated(TRUTH, NOISE, 13);
        double mig = run(MIG, identity(), "identity").get("");
        double migTwice = run(MIG, twice, "duplicated").get("");
        // factor 0's gap falls to about 0, so MIG falls to about 2/3 of the identity's
        assertThat(migTwice).isLessThan(mig - 0.25).isBetween(0.55, 0.7);
        Map<String, Double> dci = run(DCI, twice, "duplicated");
        assertThat(dci.get("informativeness")).isGreaterThanOrEqualTo(0.99);
        // bagged trees over all codes always split on the first of two equally good codes, so completeness stays;
        // a random forest (half the codes per split) spreads factor 0's importance over both codes
        Dci forest = new Dci(new DciSpec(1000, 500, 10, 10, 0.5));
        double complete = run(forest, identity(), "identity forest").get("completeness");
        double completeTwice = run(forest, twice, "duplicated forest").get("completeness");
        assertThat(completeTwice).isLessThan(complete - 0.1);
    }

    // ---------------------------------------------------------------- protocol

    @Test
    void theSameSeedGivesTheSameValues() {
        List<Metric> small = List.of(new BetaVaeScore(new BetaVaeScoreSpec(8, 100, 50, 5)),
                new FactorVaeScore(new FactorVaeScoreSpec(8, 100, 50, 200, 0.0)), new Mig(new MigSpec(300, 20)),
                new Dci(new DciSpec(300, 100, 3, 6, 0.5)), new Sap(new SapSpec(300, 100, 3)));
        for (Metric metric : small) {
            assertThat(metric.compute(FakeMetricInput.identity(TRUTH, 0.3, 5)))
                    .as(metric.getClass().getSimpleName())
                    .isEqualTo(metric.compute(FakeMetricInput.identity(TRUTH, 0.3, 5)));
        }
    }

    @Test
    void dataWithoutGroundTruthFactorsAreRefusedNamingTheMetric() {
        FakeMetricInput noTruth = identity().with(FakeMetricInput.dataset(TRUTH, 0, 1), null);
        for (Metric metric : List.of(BETA, FACTOR, MIG, DCI, SAP)) {
            assertThatThrownBy(() -> metric.compute(noTruth)).isInstanceOf(UserInputException.class)
                    .hasMessageContaining("ground-truth factors").hasMessageContaining("evaluation.metrics");
        }
        assertThatThrownBy(() -> MIG.compute(noTruth)).hasMessageContaining("'mig'");
    }

    @Test
    void collapsedCodesGiveZeroFactorVaeScoreWithoutDividingByZero() {
        FakeMetricInput constant = new FakeMetricInput(null, TRUTH, 2, (image, rng) -> new double[] {0.0, 1.0}, 3);
        Map<String, Double> result = run(FACTOR, constant, "constant");
        assertThat(result).containsEntry("num_active_dims", 0.0).containsEntry("eval_accuracy", 0.0);
    }
}
