package org.vaelab.data.dsprites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DspritesRendererTest {

    private static final int N = 64;
    private static final double[] SCALES = DspritesGrid.values(1);
    private static final double[] ORIENTATIONS = DspritesGrid.values(2);
    private static final double[] POSITIONS = DspritesGrid.values(3);

    /** The documented mapping, written out independently of the renderer. */
    private static double expectedCentre(double pos) {
        return 10 + 44 * pos;
    }

    private static int count(float[] image) {
        int n = 0;
        for (float v : image) {
            assertThat(v == 0f || v == 1f).as("pixel value %s", v).isTrue();
            n += (int) v;
        }
        return n;
    }

    @Test
    void centroidIsWhereTheFactorsSay() {
        int[] shapes = {DspritesGrid.SQUARE, DspritesGrid.ELLIPSE};
        int[] posIdx = {0, 7, 16, 31};
        for (int shape : shapes) {
            for (int s : new int[] {0, 5}) {
                for (int o : new int[] {0, 3, 13}) {
                    for (int ix : posIdx) {
                        for (int iy : posIdx) {
                            double px = POSITIONS[ix];
                            double py = POSITIONS[iy];
                            float[] img = DspritesRenderer.render(shape, SCALES[s], ORIENTATIONS[o], px, py);
                            double sx = 0;
                            double sy = 0;
                            int n = 0;
                            for (int r = 0; r < N; r++) {
                                for (int c = 0; c < N; c++) {
                                    if (img[r * N + c] == 1f) {
                                        sx += c + 0.5;
                                        sy += r + 0.5;
                                        n++;
                                    }
                                }
                            }
                            assertThat(n).isPositive();
                            assertThat(sx / n).as("x centroid of shape %d at posX %s", shape, px)
                                    .isCloseTo(expectedCentre(px), within(1.5));
                            assertThat(sy / n).as("y centroid of shape %d at posY %s", shape, py)
                                    .isCloseTo(expectedCentre(py), within(1.5));
                        }
                    }
                }
            }
        }
        assertThat(DspritesRenderer.centre(0)).isEqualTo(10.0);
        assertThat(DspritesRenderer.centre(1)).isEqualTo(54.0);
    }

    @Test
    void largerScaleGivesMoreForeground() {
        for (int shape = 0; shape < 3; shape++) {
            int previous = 0;
            for (double scale : SCALES) {
                int n = count(DspritesRenderer.render(shape, scale, ORIENTATIONS[4], 0.5, 0.5));
                assertThat(n).as("shape %d scale %s", shape, scale).isGreaterThan(previous);
                previous = n;
            }
            // area grows like scale^2: the largest is about 4 times the smallest, up to pixel rounding
            int small = count(DspritesRenderer.render(shape, 0.5, 0, 0.5, 0.5));
            int large = count(DspritesRenderer.render(shape, 1.0, 0, 0.5, 0.5));
            assertThat((double) large / small).isBetween(2.8, 5.2);
        }
    }

    @Test
    void rotatingASquareChangesTheImageButNotItsArea() {
        float[] upright = DspritesRenderer.render(DspritesGrid.SQUARE, 1.0, 0, 0.5, 0.5);
        int area = count(upright);
        assertThat(area).isBetween(180, 220);                 // side 14.1 px
        for (int o : new int[] {3, 5, 7}) {                   // about 28, 46 and 65 degrees
            float[] rotated = DspritesRenderer.render(DspritesGrid.SQUARE, 1.0, ORIENTATIONS[o], 0.5, 0.5);
            int differing = 0;
            for (int p = 0; p < upright.length; p++) {
                differing += upright[p] != rotated[p] ? 1 : 0;
            }
            assertThat(differing).as("orientation %d", o).isGreaterThan(20);
            assertThat((double) count(rotated)).isCloseTo(area, within(0.08 * area));
        }
        // orientation 2*pi is orientation 0
        assertThat(DspritesRenderer.render(DspritesGrid.SQUARE, 1.0, 2 * Math.PI, 0.5, 0.5)).isEqualTo(upright);
    }

    @Test
    void heartIsLeftRightSymmetricButNotUpDown() {
        // posX = posY = 0.5 centres the heart on the image centre (32, 32), between pixel centres
        float[] heart = DspritesRenderer.render(DspritesGrid.HEART, 1.0, 0, 0.5, 0.5);
        int upDownDifferences = 0;
        int top = 0;
        int bottom = 0;
        for (int r = 0; r < N; r++) {
            for (int c = 0; c < N; c++) {
                float v = heart[r * N + c];
                assertThat(heart[r * N + (N - 1 - c)]).as("mirror of (%d, %d)", r, c).isEqualTo(v);
                upDownDifferences += v != heart[(N - 1 - r) * N + c] ? 1 : 0;
                if (r < 32) {
                    top += (int) v;
                } else {
                    bottom += (int) v;
                }
            }
        }
        assertThat(upDownDifferences).isGreaterThan(20);
        assertThat(top).as("lobes up, point down").isGreaterThan(bottom);
    }

    @Test
    void shapesAreDistinct() {
        float[] square = DspritesRenderer.render(DspritesGrid.SQUARE, 1, 0, 0.5, 0.5);
        float[] ellipse = DspritesRenderer.render(DspritesGrid.ELLIPSE, 1, 0, 0.5, 0.5);
        float[] heart = DspritesRenderer.render(DspritesGrid.HEART, 1, 0, 0.5, 0.5);
        assertThat(square).isNotEqualTo(ellipse).isNotEqualTo(heart);
        assertThat(ellipse).isNotEqualTo(heart);
        // the ellipse is wider than tall at orientation 0
        int width = 0;
        int height = 0;
        for (int i = 0; i < N; i++) {
            width += (int) ellipse[31 * N + i];
            height += (int) ellipse[i * N + 31];
        }
        assertThat(width).isGreaterThan(height + 5);
    }

    @Test
    void shapesAtTheEdgesAreNotClipped() {
        // posX = posY = 1 moves the centre by exactly 44 px from posX = posY = 0, so both images must be
        // the same pattern shifted by 44 px: any clipping at either edge would break that
        for (int shape = 0; shape < 3; shape++) {
            for (double orientation : ORIENTATIONS) {
                float[] low = DspritesRenderer.render(shape, 1.0, orientation, 0, 0);
                float[] high = DspritesRenderer.render(shape, 1.0, orientation, 1, 1);
                assertThat(count(high)).isEqualTo(count(low)).isPositive();
                for (int r = 0; r + 44 < N; r++) {
                    for (int c = 0; c + 44 < N; c++) {
                        assertThat(high[(r + 44) * N + c + 44]).isEqualTo(low[r * N + c]);
                    }
                }
            }
        }
    }
}
