package org.vaelab.data.dsprites;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.vaelab.api.data.DataSplit;
import org.vaelab.api.data.Dataset;
import org.vaelab.api.data.ImageShape;

class DspritesSourceTest {

    private static final DspritesSpec SPEC = new DspritesSpec(300, 100);
    private static Dataset first;

    @BeforeAll
    static void load() {
        first = new DspritesSource(SPEC).load(42L);
    }

    @Test
    void shapesAndInfo() {
        assertThat(first.train().size()).isEqualTo(300);
        assertThat(first.test().size()).isEqualTo(100);
        assertThat(first.info().shape()).isEqualTo(new ImageShape(1, 64, 64));
        assertThat(first.train().images().shape()).containsExactly(300, 4096);
        assertThat(first.train().images().dataType()).isEqualTo(DataType.FLOAT);
        assertThat(first.train().factors().shape()).containsExactly(300, 5);
        assertThat(first.info().factorNames()).containsExactly("shape", "scale", "orientation", "posX", "posY");
        assertThat(first.info().classNames()).containsExactly("square", "ellipse", "heart");
        assertThat(first.info().sources())
                .containsEntry("generator", "dsprites-procedural v1, 64x64, grid 3x6x40x32x32")
                .containsKey("subsetSha256");
    }

    @Test
    void sameSeedGivesIdenticalData() {
        Dataset again = new DspritesSource(SPEC).load(42L);
        assertThat(again.train().images()).isEqualTo(first.train().images());
        assertThat(again.train().factors()).isEqualTo(first.train().factors());
        assertThat(again.test().images()).isEqualTo(first.test().images());
        assertThat(again.test().factors()).isEqualTo(first.test().factors());
        assertThat(again.info()).isEqualTo(first.info());
    }

    @Test
    void differentSeedGivesADifferentSubset() {
        Dataset other = new DspritesSource(SPEC).load(43L);
        assertThat(rows(other.train())).isNotEqualTo(rows(first.train()));
        assertThat(other.train().images()).isNotEqualTo(first.train().images());
        assertThat(other.info().sources().get("subsetSha256"))
                .isNotEqualTo(first.info().sources().get("subsetSha256"));
    }

    @Test
    void trainAndTestAreDisjointAndWithoutDuplicates() {
        List<List<Float>> train = rows(first.train());
        List<List<Float>> test = rows(first.test());
        Set<List<Float>> trainSet = new HashSet<>(train);
        Set<List<Float>> testSet = new HashSet<>(test);
        assertThat(trainSet).hasSize(train.size());
        assertThat(testSet).hasSize(test.size());
        trainSet.retainAll(testSet);
        assertThat(trainSet).isEmpty();
    }

    @Test
    void samplerDrawsDistinctIndicesInRange() {
        int[] picked = DspritesSource.sample(7L, 5000);
        assertThat(Arrays.stream(picked).distinct().count()).isEqualTo(5000);
        assertThat(Arrays.stream(picked).allMatch(i -> i >= 0 && i < DspritesGrid.SIZE)).isTrue();
        assertThat(DspritesSource.sample(7L, 5000)).isEqualTo(picked);
    }

    @Test
    void imagesAreBinaryAndMatchTheirFactors() {
        float[][] images = first.train().images().toFloatMatrix();
        float[][] factors = first.train().factors().toFloatMatrix();
        int[] labels = first.train().labels().toIntVector();
        Set<Double> scales = new HashSet<>();
        for (double s : DspritesGrid.values(1)) {
            scales.add((double) (float) s);
        }
        for (int i = 0; i < images.length; i++) {
            for (float v : images[i]) {
                assertThat(v == 0f || v == 1f).as("pixel value %s", v).isTrue();
            }
            float[] f = factors[i];
            assertThat(labels[i]).isEqualTo((int) f[0]);
            assertThat(f[0]).isIn(0f, 1f, 2f);
            assertThat(scales).contains((double) f[1]);
            assertThat(f[2]).isBetween(0f, (float) (2 * Math.PI));
            assertThat(f[3]).isBetween(0f, 1f);
            assertThat(f[4]).isBetween(0f, 1f);
            float[] expected = DspritesRenderer.render((int) f[0], f[1], f[2], f[3], f[4]);
            // factors are stored as floats; rendering from the rounded values gives almost the same image
            int differing = 0;
            for (int p = 0; p < expected.length; p++) {
                differing += expected[p] != images[i][p] ? 1 : 0;
            }
            assertThat(differing).as("image %d", i).isLessThanOrEqualTo(2);
        }
    }

    private static List<List<Float>> rows(DataSplit split) {
        float[][] m = split.factors().toFloatMatrix();
        return Arrays.stream(m).map(r -> {
            Float[] boxed = new Float[r.length];
            for (int k = 0; k < r.length; k++) {
                boxed[k] = r[k];
            }
            return List.of(boxed);
        }).toList();
    }
}
