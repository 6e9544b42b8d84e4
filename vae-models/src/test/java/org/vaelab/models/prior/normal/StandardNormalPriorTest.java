package org.vaelab.models.prior.normal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.vaelab.models.TestGraphs.array;
import static org.vaelab.models.TestGraphs.parameters;
import static org.vaelab.models.TestGraphs.uniform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.NameScope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.data.ImageShape;
import org.vaelab.api.model.PriorSpec;
import org.vaelab.api.model.Posterior;
import org.vaelab.api.model.SeededGraphContext;

class StandardNormalPriorTest {

    private static final ImageShape IMAGE = new ImageShape(1, 4, 4);
    private static final int LATENT = 3;
    private static final int BATCH = 5;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final StandardNormalPrior prior = new StandardNormalPrior(new StandardNormalPriorSpec());

    private static SeededGraphContext context(DataType type) {
        return new SeededGraphContext(SameDiff.create(), type, IMAGE, LATENT, 1);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    @SuppressWarnings("try")    // the name scope is used for its side effect
    void logProbMatchesJava(DataType type) {
        SeededGraphContext g = context(type);
        SameDiff sd = g.sd();
        SDVariable z = sd.placeHolder("z", type, -1, LATENT);
        SDVariable logProb;
        try (NameScope ignored = sd.withNameScope("prior")) {
            prior.build(g);
            logProb = prior.logProb(g, z);
        }
        assertThat(parameters(sd)).as("a fixed prior has no trainable parameters").isEmpty();

        double[][] zv = uniform(3, BATCH, LATENT, -3, 3);
        INDArray out = sd.output(Map.of("z", array(zv, type)), logProb.name()).get(logProb.name());
        assertThat(out.shape()).containsExactly(BATCH);
        for (int i = 0; i < BATCH; i++) {
            double expected = 0;
            for (double v : zv[i]) {
                expected += -0.5 * (LOG_2PI + v * v);
            }
            assertThat(out.getDouble(i)).isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void analyticKlMatchesClosedForm() {
        SeededGraphContext g = context(DataType.DOUBLE);
        SameDiff sd = g.sd();
        SDVariable mean = sd.placeHolder("mean", DataType.DOUBLE, -1, LATENT);
        SDVariable logVar = sd.placeHolder("logVar", DataType.DOUBLE, -1, LATENT);
        Optional<SDVariable> kl = prior.analyticKl(g, new Posterior(mean, logVar));
        assertThat(kl).isPresent();

        double[][] mu = uniform(4, BATCH, LATENT, -2, 2);
        double[][] lv = uniform(5, BATCH, LATENT, -3, 1);
        String name = kl.get().name();
        INDArray out = sd.output(Map.of("mean", array(mu, DataType.DOUBLE), "logVar", array(lv, DataType.DOUBLE)), name)
                .get(name);
        assertThat(out.shape()).containsExactly(BATCH);
        for (int i = 0; i < BATCH; i++) {
            double expected = 0;
            for (int j = 0; j < LATENT; j++) {
                expected += 1 + lv[i][j] - mu[i][j] * mu[i][j] - Math.exp(lv[i][j]);
            }
            expected *= -0.5;
            assertThat(out.getDouble(i)).isCloseTo(expected, within(1e-12));
            assertThat(out.getDouble(i)).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void klOfThePriorItselfIsZero() {
        SeededGraphContext g = context(DataType.DOUBLE);
        SameDiff sd = g.sd();
        SDVariable zeros = sd.constant(array(new double[BATCH][LATENT], DataType.DOUBLE));
        SDVariable kl = prior.analyticKl(g, new Posterior(zeros, zeros)).orElseThrow();
        for (double v : kl.eval().toDoubleVector()) {
            assertThat(v).isCloseTo(0.0, within(1e-15));
        }
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void sampleHasShapeAndTypeAndIsDeterministic(DataType type) {
        SeededGraphContext g = context(type);
        INDArray a = prior.sample(g, 7, new SplittableRandom(123));
        INDArray b = prior.sample(g, 7, new SplittableRandom(123));
        INDArray c = prior.sample(g, 7, new SplittableRandom(124));
        assertThat(a.shape()).containsExactly(7, LATENT);
        assertThat(a.dataType()).isEqualTo(type);
        assertThat(b).isEqualTo(a);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void sampleOfZeroIsEmpty() {
        INDArray none = prior.sample(context(DataType.FLOAT), 0, new SplittableRandom(1));
        assertThat(none.length()).isZero();
    }

    @Test
    void samplesAreStandardNormal() {
        int n = 20_000;
        double[][] s = prior.sample(context(DataType.DOUBLE), n, new SplittableRandom(2024)).toDoubleMatrix();
        // 5 standard errors: mean SE = 1/sqrt(n), variance SE = sqrt(2/n), correlation SE = 1/sqrt(n)
        double meanTol = 5 / Math.sqrt(n);
        double varTol = 5 * Math.sqrt(2.0 / n);
        double[] mean = new double[LATENT];
        for (double[] row : s) {
            for (int j = 0; j < LATENT; j++) {
                mean[j] += row[j] / n;
            }
        }
        for (int j = 0; j < LATENT; j++) {
            double var = 0;
            double cov = 0;
            int next = (j + 1) % LATENT;
            for (double[] row : s) {
                var += (row[j] - mean[j]) * (row[j] - mean[j]) / (n - 1);
                cov += (row[j] - mean[j]) * (row[next] - mean[next]) / (n - 1);
            }
            assertThat(mean[j]).as("mean of column %d", j).isCloseTo(0, within(meanTol));
            assertThat(var).as("variance of column %d", j).isCloseTo(1, within(varTol));
            assertThat(cov).as("covariance of columns %d and %d", j, next).isCloseTo(0, within(meanTol));
        }
    }

    @Test
    void specRoundTripsThroughBaseType() throws JsonProcessingException {
        ObjectMapper mapper = new ObjectMapper();
        mapper.registerSubtypes(new NamedType(StandardNormalPriorSpec.class, StandardNormalPriorSpec.TYPE));
        PriorSpec spec = mapper.readValue("{\"type\":\"standard-normal\"}", PriorSpec.class);
        assertThat(spec).isEqualTo(new StandardNormalPriorSpec());
        String json = mapper.writerFor(PriorSpec.class).writeValueAsString(spec);
        assertThat(json).isEqualTo("{\"type\":\"standard-normal\"}");
        assertThat(mapper.readValue(json, PriorSpec.class)).isEqualTo(spec);
        assertThat(mapper.writeValueAsString(spec)).isEqualTo(json);
    }
}
