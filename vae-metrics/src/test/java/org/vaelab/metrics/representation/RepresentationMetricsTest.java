package org.vaelab.metrics.representation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.Test;
import org.vaelab.api.UserInputException;
import org.vaelab.api.data.DataSplit;
import org.vaelab.api.data.Dataset;
import org.vaelab.metrics.FakeMetricInput;
import org.vaelab.metrics.SyntheticFactors;

/** Active units on a constructed case and the linear probe on separable data. */
class RepresentationMetricsTest {

    private static final SyntheticFactors TRUTH = new SyntheticFactors(4, 6, 10);

    @Test
    void activeUnitsCountsTheDimensionsWhoseMeanVariesMoreThanTheThreshold() {
        // test images (x0, x1) over {0,1}^2, each combination equally often: Var(x0) = Var(x1) = 1/4
        double[][] rows = new double[40][2];
        for (int i = 0; i < rows.length; i++) {
            rows[i][0] = i % 2;
            rows[i][1] = (i / 2) % 2;
        }
        DataSplit split = new DataSplit(Nd4j.create(rows), null, null);
        Dataset data = new Dataset(info(), split, split);
        // codes with variances 1/4, 0, 0.05^2/4 = 0.000625, 4/4 = 1, 0.1^2/4 = 0.0025
        FakeMetricInput input = new FakeMetricInput(data, null, 5,
                (x, rng) -> new double[] {x[0], 3.0, 0.05 * x[0], 2 * x[1], 0.1 * x[1]}, 1);

        Map<String, Double> result = new ActiveUnits(ActiveUnitsSpec.defaults()).compute(input);
        assertThat(result).containsEntry("", 2.0).containsEntry("fraction", 0.4);
        assertThat(new ActiveUnits(new ActiveUnitsSpec(0.0005)).compute(input)).containsEntry("", 4.0);
        assertThat(new ActiveUnits(new ActiveUnitsSpec(0.0)).compute(input)).containsEntry("", 4.0);
        assertThat(new ActiveUnits(new ActiveUnitsSpec(2.0)).compute(input)).containsEntry("", 0.0);
        System.out.println("[metrics] constructed ActiveUnits " + result);
    }

    private static org.vaelab.api.data.DataInfo info() {
        return new org.vaelab.api.data.DataInfo("two pixels", new org.vaelab.api.data.ImageShape(1, 1, 2),
                java.util.List.of(), java.util.List.of(), Map.of());
    }

    @Test
    void aLinearProbeOnSeparableCodesIsAlwaysRight() {
        // the code is the image itself: one-hot blocks, and the label is factor 0, linearly separable
        FakeMetricInput input = new FakeMetricInput(FakeMetricInput.dataset(TRUTH, 0, 7), TRUTH, TRUTH.imageSize(),
                (x, rng) -> x.clone(), 7);
        Map<String, Double> result = new LinearProbe(LinearProbeSpec.defaults()).compute(input);
        System.out.println("[metrics] separable LinearProbe " + result);
        assertThat(result).containsEntry("", 1.0).containsEntry("train", 1.0);
        assertThat(new LinearProbe(LinearProbeSpec.defaults()).compute(input)).isEqualTo(result);
    }

    @Test
    void aLinearProbeOnRandomCodesIsNearChance() {
        // chance: 1/4 (factor 0 has 4 values)
        Map<String, Double> result = new LinearProbe(LinearProbeSpec.defaults())
                .compute(FakeMetricInput.random(TRUTH, 3, 9));
        System.out.println("[metrics] random LinearProbe " + result);
        assertThat(result.get("")).isBetween(0.1, 0.4);
    }

    @Test
    void aLinearProbeWithoutLabelsIsRefusedNamingTheProblem() {
        Dataset labelled = FakeMetricInput.dataset(TRUTH, 0, 7);
        DataSplit unlabelled = new DataSplit(labelled.train().images(), null, null);
        FakeMetricInput input = FakeMetricInput.identity(TRUTH, 0.0, 1)
                .with(new Dataset(labelled.info(), unlabelled, labelled.test()), TRUTH);
        assertThatThrownBy(() -> new LinearProbe(LinearProbeSpec.defaults()).compute(input))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("'linear-probe'").hasMessageContaining("labels").hasMessageContaining("train");
    }
}
