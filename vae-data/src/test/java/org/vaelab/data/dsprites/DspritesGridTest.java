package org.vaelab.data.dsprites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DspritesGridTest {

    @Test
    void gridHasThePublishedSizes() {
        assertThat(DspritesGrid.sizes()).containsExactly(3, 6, 40, 32, 32);
        assertThat(DspritesGrid.SIZE).isEqualTo(737_280).isEqualTo(3 * 6 * 40 * 32 * 32);
        assertThat(DspritesGrid.FACTOR_NAMES).containsExactly("shape", "scale", "orientation", "posX", "posY");
        for (int f = 0; f < 5; f++) {
            assertThat(DspritesGrid.values(f)).hasSize(DspritesGrid.sizes()[f]);
        }
    }

    @Test
    void valuesHaveThePublishedEndpointsAndSpacing() {
        assertThat(DspritesGrid.values(0)).containsExactly(0, 1, 2);
        assertLinspace(DspritesGrid.values(1), 0.5, 1.0, 0.1);
        assertLinspace(DspritesGrid.values(2), 0.0, 2 * Math.PI, 2 * Math.PI / 39);
        assertLinspace(DspritesGrid.values(3), 0.0, 1.0, 1.0 / 31);
        assertLinspace(DspritesGrid.values(4), 0.0, 1.0, 1.0 / 31);
    }

    private static void assertLinspace(double[] v, double first, double last, double step) {
        assertThat(v[0]).isEqualTo(first);
        assertThat(v[v.length - 1]).isEqualTo(last);
        for (int i = 1; i < v.length; i++) {
            assertThat(v[i] - v[i - 1]).isCloseTo(step, within(1e-12));
        }
    }

    @Test
    void flatIndexPutsPosYFastestAndShapeSlowest() {
        assertThat(DspritesGrid.decompose(0)).containsExactly(0, 0, 0, 0, 0);
        assertThat(DspritesGrid.decompose(1)).containsExactly(0, 0, 0, 0, 1);
        assertThat(DspritesGrid.decompose(32)).containsExactly(0, 0, 0, 1, 0);
        assertThat(DspritesGrid.decompose(6 * 40 * 32 * 32)).containsExactly(1, 0, 0, 0, 0);
        assertThat(DspritesGrid.decompose(DspritesGrid.SIZE - 1)).containsExactly(2, 5, 39, 31, 31);
        assertThatThrownBy(() -> DspritesGrid.decompose(DspritesGrid.SIZE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void factorValuesReadTheGrid() {
        double[] out = new double[5];
        DspritesGrid.factorValues(DspritesGrid.SIZE - 1, out, 0);
        assertThat(out).containsExactly(2, 1.0, 2 * Math.PI, 1.0, 1.0);
    }
}
