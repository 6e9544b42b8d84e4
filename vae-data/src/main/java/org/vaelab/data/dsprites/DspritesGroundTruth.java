package org.vaelab.data.dsprites;

import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.data.GroundTruthFactors;

/** dSprites' full factor grid (737,280 combinations), rendered on demand for the disentanglement protocols. */
final class DspritesGroundTruth implements GroundTruthFactors {

    private static final int PIXELS = DspritesRenderer.SIZE * DspritesRenderer.SIZE;

    @Override
    public List<String> names() {
        return DspritesGrid.FACTOR_NAMES;
    }

    @Override
    public int[] sizes() {
        return DspritesGrid.sizes();
    }

    @Override
    public int[][] sample(int n, SplittableRandom rng) {
        int[] sizes = sizes();
        int[][] out = new int[n][sizes.length];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < sizes.length; f++) {
                out[i][f] = rng.nextInt(sizes[f]);
            }
        }
        return out;
    }

    @Override
    public INDArray render(int[][] factors) {
        double[][] values = new double[DspritesGrid.FACTOR_NAMES.size()][];
        for (int f = 0; f < values.length; f++) {
            values[f] = DspritesGrid.values(f);
        }
        float[] pixels = new float[factors.length * PIXELS];
        int[] fg = new int[PIXELS];
        for (int i = 0; i < factors.length; i++) {
            int[] v = factors[i];
            int count = DspritesRenderer.foreground((int) values[0][v[0]], values[1][v[1]], values[2][v[2]],
                    values[3][v[3]], values[4][v[4]], fg);
            for (int k = 0; k < count; k++) {
                pixels[i * PIXELS + fg[k]] = 1f;
            }
        }
        return Nd4j.create(pixels, new long[] {factors.length, PIXELS}, DataType.FLOAT);
    }
}
