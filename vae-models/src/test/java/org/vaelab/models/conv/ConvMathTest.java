package org.vaelab.models.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Checks the plain-Java reference itself: the transposed convolution is the adjoint of the convolution. */
class ConvMathTest {

    @ParameterizedTest
    @CsvSource({"4, 2, 1, 6, 8", "3, 1, 1, 6, 8", "3, 2, 1, 7, 9", "2, 2, 0, 6, 8"})
    void deconvIsTheAdjointOfConv(int k, int s, int p, int h, int w) {
        SplittableRandom rng = new SplittableRandom(k * 100 + s * 10 + p);
        int inC = 2;
        int outC = 3;
        double[][][][] x = random(rng, 2, inC, h, w);      // sizes the convolution covers exactly
        INDArray weights = Nd4j.rand(DataType.DOUBLE, k, k, inC, outC).subi(0.5);  // = deconv's [k,k,out,in]
        INDArray zeroOut = Nd4j.zeros(DataType.DOUBLE, outC);
        INDArray zeroIn = Nd4j.zeros(DataType.DOUBLE, inC);
        double[][][][] cx = ConvMath.conv(x, weights, zeroOut, s, p);
        double[][][][] y = random(rng, 2, outC, cx[0][0].length, cx[0][0][0].length);
        double[][][][] dy = ConvMath.deconv(y, weights, zeroIn, s, p);
        assertThat(dy[0][0].length).isEqualTo(h);
        assertThat(dy[0][0][0].length).isEqualTo(w);
        assertThat(dot(cx, y)).isCloseTo(dot(x, dy), within(1e-9));
    }

    @Test
    void flattenIsChannelMajorAndUnflattenInvertsIt() {
        double[][] rows = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}};
        double[][][][] x = ConvMath.unflatten(rows, 2, 2, 3);
        assertThat(x[0][1][0][2]).isEqualTo(8);              // c * H * W + y * W + x = 6 + 0 + 2
        assertThat(x[0][0][1][0]).isEqualTo(3);
        assertThat(ConvMath.flatten(x)[0]).containsExactly(rows[0]);
    }

    private static double[][][][] random(SplittableRandom rng, int b, int c, int h, int w) {
        double[][][][] x = new double[b][c][h][w];
        for (double[][][] img : x) {
            for (double[][] ch : img) {
                for (double[] row : ch) {
                    for (int i = 0; i < w; i++) {
                        row[i] = rng.nextDouble() * 2 - 1;
                    }
                }
            }
        }
        return x;
    }

    /** Inner product of two arrays of the same shape. */
    private static double dot(double[][][][] a, double[][][][] b) {
        double sum = 0;
        for (int n = 0; n < a.length; n++) {
            for (int c = 0; c < a[n].length; c++) {
                for (int y = 0; y < a[n][c].length; y++) {
                    for (int i = 0; i < a[n][c][y].length; i++) {
                        sum += a[n][c][y][i] * b[n][c][y][i];
                    }
                }
            }
        }
        return sum;
    }
}
