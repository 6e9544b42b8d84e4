package org.example.vaelab.laplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.data.ImageShape;
import org.vaelab.api.loss.ElboPart;
import org.vaelab.api.loss.ForwardPass;
import org.vaelab.api.model.Posterior;
import org.vaelab.api.model.SeededGraphContext;

/** The loss term's numbers against plain Java, on a hand-made forward pass. */
class LatentL1Test {

    private static final int BATCH = 4;
    private static final int LATENT = 3;
    private static final int PIXELS = 16;

    @Test
    void isTheSumOfAbsolutePosteriorMeansPerExample() {
        SeededGraphContext g = new SeededGraphContext(SameDiff.create(), DataType.DOUBLE, new ImageShape(1, 4, 4),
                LATENT, 1);
        SameDiff sd = g.sd();
        SDVariable mean = sd.placeHolder("mean", DataType.DOUBLE, -1, LATENT);
        SDVariable logVar = sd.placeHolder("logVar", DataType.DOUBLE, -1, LATENT);
        SDVariable x = sd.constant(Nd4j.zeros(DataType.DOUBLE, BATCH, PIXELS));
        ForwardPass fp = new ForwardPass(x, x, null, new Posterior(mean, logVar), mean, x,
                new LaplacePrior(new LaplacePriorSpec((Double) null)));

        SDVariable value = new LatentL1(new LatentL1Spec((Double) null)).perExample(g, fp);

        SplittableRandom rng = new SplittableRandom(5);
        double[][] means = new double[BATCH][LATENT];
        for (double[] row : means) {
            for (int j = 0; j < LATENT; j++) {
                row[j] = 4 * rng.nextDouble() - 2;
            }
        }
        INDArray out = sd.output(Map.of("mean", Nd4j.createFromArray(means),
                "logVar", Nd4j.zeros(DataType.DOUBLE, BATCH, LATENT)), value.name()).get(value.name());
        assertThat(out.shape()).containsExactly(BATCH);
        for (int i = 0; i < BATCH; i++) {
            double expected = Math.abs(means[i][0]) + Math.abs(means[i][1]) + Math.abs(means[i][2]);
            assertThat(out.getDouble(i)).as("row %d", i).isCloseTo(expected, within(1e-12));
        }
    }

    @Test
    void isARegulariserNamedL1WithNoExtraCoefficient() {
        LatentL1 term = new LatentL1(new LatentL1Spec(0.5));
        assertThat(term.name()).isEqualTo("l1");
        assertThat(term.elboPart()).isEqualTo(ElboPart.NONE);
        assertThat(term.coefficient()).isEqualTo(1.0);
    }
}
