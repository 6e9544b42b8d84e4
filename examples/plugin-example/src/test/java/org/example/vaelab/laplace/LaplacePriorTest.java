package org.example.vaelab.laplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.NameScope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.data.ImageShape;
import org.vaelab.api.model.Posterior;
import org.vaelab.api.model.SeededGraphContext;

/** The prior's numbers against plain-Java computations, on a tiny graph built with the SPI's own context. */
class LaplacePriorTest {

    private static final int LATENT = 3;
    private static final int BATCH = 5;
    private static final double SCALE = 0.7;

    private final LaplacePrior prior = new LaplacePrior(new LaplacePriorSpec(SCALE));

    /** The context the runner uses: a SameDiff graph, shapes, and seeded parameters. */
    private static SeededGraphContext context() {
        return new SeededGraphContext(SameDiff.create(), DataType.DOUBLE, new ImageShape(1, 4, 4), LATENT, 1);
    }

    private static double[][] uniform(long seed, double lo, double hi) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] m = new double[BATCH][LATENT];
        for (double[] row : m) {
            for (int j = 0; j < LATENT; j++) {
                row[j] = lo + (hi - lo) * rng.nextDouble();
            }
        }
        return m;
    }

    @Test
    @SuppressWarnings("try")      // the name scope is used for its side effect, as in the runner
    void logProbIsTheLaplaceLogDensityPerExample() {
        SeededGraphContext g = context();
        SameDiff sd = g.sd();
        SDVariable z = sd.placeHolder("z", DataType.DOUBLE, -1, LATENT);
        SDVariable logProb;
        try (NameScope ignored = sd.withNameScope("prior")) {
            prior.build(g);
            logProb = prior.logProb(g, z);
        }
        double[][] zv = uniform(3, -4, 4);
        INDArray out = sd.output(Map.of("z", Nd4j.createFromArray(zv)), logProb.name()).get(logProb.name());

        assertThat(out.shape()).containsExactly(BATCH);
        for (int i = 0; i < BATCH; i++) {
            double expected = 0;
            for (double v : zv[i]) {
                expected += Math.log(0.5 / SCALE * Math.exp(-Math.abs(v) / SCALE));   // the density, then the log
            }
            assertThat(out.getDouble(i)).as("row %d", i).isCloseTo(expected, within(1e-12));
        }
        assertThat(sd.variables()).as("a fixed prior adds no trainable parameters")
                .noneMatch(v -> v.getVariableType() == VariableType.VARIABLE);
    }

    @Test
    void logProbGradientIsMinusSignOverScale() {
        SeededGraphContext g = context();
        SameDiff sd = g.sd();
        double[][] zv = uniform(4, -2, 2);
        SDVariable z = sd.var("z", Nd4j.createFromArray(zv));
        sd.setLossVariables(prior.logProb(g, z).sum().name());
        double[][] grad = sd.calculateGradients(Map.of(), "z").get("z").toDoubleMatrix();
        for (int i = 0; i < BATCH; i++) {
            for (int j = 0; j < LATENT; j++) {
                assertThat(grad[i][j]).isCloseTo(-Math.signum(zv[i][j]) / SCALE, within(1e-12));
            }
        }
    }

    @Test
    void hasNoClosedFormKlSoTheFrameworkUsesMonteCarlo() {
        SeededGraphContext g = context();
        SDVariable mean = g.sd().constant(Nd4j.zeros(DataType.DOUBLE, BATCH, LATENT));
        assertThat(prior.analyticKl(g, new Posterior(mean, mean))).isEmpty();
    }

    @Test
    void samplesAreReproducibleFromTheGivenRandomSource() {
        SeededGraphContext g = context();
        INDArray a = prior.sample(g, 7, new SplittableRandom(123));
        assertThat(a.shape()).containsExactly(7, LATENT);
        assertThat(a.dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(prior.sample(g, 7, new SplittableRandom(123))).isEqualTo(a);
        assertThat(prior.sample(g, 7, new SplittableRandom(124))).isNotEqualTo(a);
    }

    @Test
    void samplesHaveTheLaplaceMomentsAndCdf() {
        int n = 20_000;
        double[] s = prior.sample(context(), n, new SplittableRandom(2024)).reshape(-1).toDoubleVector();
        double mean = 0;
        double absMean = 0;
        double below = 0;
        for (double v : s) {
            mean += v / s.length;
            absMean += Math.abs(v) / s.length;
            below += v <= -SCALE ? 1.0 / s.length : 0;
        }
        // 5 standard errors: sd of z is b*sqrt(2), sd of |z| is b; P(z <= -b) = exp(-1)/2
        assertThat(mean).isCloseTo(0, within(5 * SCALE * Math.sqrt(2.0 / s.length)));
        assertThat(absMean).isCloseTo(SCALE, within(5 * SCALE / Math.sqrt(s.length)));
        double p = Math.exp(-1) / 2;
        assertThat(below).isCloseTo(p, within(5 * Math.sqrt(p * (1 - p) / s.length)));
    }
}
