package org.vaelab.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vaelab.api.Seeds;
import org.vaelab.api.data.ImageShape;

/** Initial parameter values depend on nothing but the seed and the parameter's scoped name. */
@SuppressWarnings("try")          // name scopes are opened for their effect only
class SeededGraphContextTest {

    private static final ImageShape SHAPE = new ImageShape(1, 4, 4);

    private static SeededGraphContext context(long seed, DataType type) {
        return new SeededGraphContext(SameDiff.create(), type, SHAPE, 2, seed);
    }

    private static double[] values(SDVariable v) {
        return v.getArr().castTo(DataType.DOUBLE).ravel().toDoubleVector();
    }

    @Test
    void sameSeedAndNameGiveIdenticalValuesInSeparateGraphs() {
        SeededGraphContext a = context(42, DataType.DOUBLE);
        SeededGraphContext b = context(42, DataType.DOUBLE);
        a.parameter("other", Initializer.normal(1.0), 3);          // creation order must not matter
        SDVariable wa = a.parameter("fc1/w", Initializer.normal(0.1), 4, 3);
        SDVariable wb = b.parameter("fc1/w", Initializer.normal(0.1), 4, 3);

        assertThat(values(wa)).containsExactly(values(wb));
    }

    @Test
    void differentNamesScopesOrSeedsGiveDifferentValues() {
        SeededGraphContext g = context(42, DataType.DOUBLE);
        double[] w1 = values(g.parameter("fc1/w", Initializer.uniform(1.0), 4, 3));
        double[] w2 = values(g.parameter("fc2/w", Initializer.uniform(1.0), 4, 3));
        double[] scoped;
        try (var ns = g.sd().withNameScope("decoder")) {
            scoped = values(g.parameter("fc1/w", Initializer.uniform(1.0), 4, 3));
        }
        double[] otherSeed = values(context(43, DataType.DOUBLE).parameter("fc1/w", Initializer.uniform(1.0), 4, 3));

        assertThat(w1).isNotEqualTo(w2).isNotEqualTo(scoped).isNotEqualTo(otherSeed);
        assertThat(w2).isNotEqualTo(scoped);
    }

    @Test
    void valuesAreTheSeededStreamOfTheScopedNameInRowMajorOrder() {
        SeededGraphContext g = context(7, DataType.DOUBLE);
        SDVariable w;
        try (var ns = g.sd().withNameScope("encoder")) {
            w = g.parameter("fc1/w", Initializer.uniform(0.5), 2, 3);
        }

        assertThat(w.name()).isEqualTo("encoder/fc1/w");
        SplittableRandom rng = new SplittableRandom(Seeds.derive(7, "param:encoder/fc1/w"));
        Initializer init = Initializer.uniform(0.5);
        INDArray arr = w.getArr();
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                assertThat(arr.getDouble(i, j)).isEqualTo(init.sample(rng));
            }
        }
    }

    @Test
    void parametersAreTrainableVariablesOfTheRightShapeAndType() {
        SeededGraphContext g = context(1, DataType.FLOAT);
        SDVariable w = g.parameter("w", Initializer.zeros(), 3, 5);
        SDVariable b = g.parameter("b", Initializer.constant(0.5), 5);

        assertThat(w.getVariableType()).isEqualTo(VariableType.VARIABLE);
        assertThat(w.getArr().shape()).containsExactly(3, 5);
        assertThat(w.getArr().dataType()).isEqualTo(DataType.FLOAT);
        assertThat(values(w)).containsOnly(0.0);
        assertThat(b.getArr().shape()).containsExactly(5);
        assertThat(values(b)).containsOnly(0.5);
    }

    @Test
    void fanInUniformRespectsItsBoundAndFillsIt() {
        SeededGraphContext g = context(3, DataType.DOUBLE);
        long fanIn = 16;
        double bound = 1.0 / Math.sqrt(fanIn);
        double[] w = values(g.parameter("w", Initializer.fanInUniform(fanIn), fanIn, 32));

        assertThat(w).hasSize(16 * 32);
        assertThat(Arrays.stream(w).allMatch(v -> v >= -bound && v < bound)).isTrue();
        assertThat(Arrays.stream(w).max().orElseThrow()).isGreaterThan(0.9 * bound);
        assertThat(Arrays.stream(w).min().orElseThrow()).isLessThan(-0.9 * bound);
        assertThat(Arrays.stream(w).average().orElseThrow()).isBetween(-0.1 * bound, 0.1 * bound);
    }

    @Test
    void normalInitializerHasTheRequestedSpread() {
        SeededGraphContext g = context(5, DataType.DOUBLE);
        double[] w = values(g.parameter("w", Initializer.normal(0.2), 32, 32));
        double mean = Arrays.stream(w).average().orElseThrow();
        double var = Arrays.stream(w).map(v -> (v - mean) * (v - mean)).sum() / (w.length - 1);

        assertThat(mean).isBetween(-0.02, 0.02);                  // standard error 0.2 / 32 = 0.00625
        assertThat(Math.sqrt(var)).isBetween(0.18, 0.22);
    }

    @Test
    void rejectsANonPositiveLatentDim() {
        assertThatThrownBy(() -> new SeededGraphContext(SameDiff.create(), DataType.FLOAT, SHAPE, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
