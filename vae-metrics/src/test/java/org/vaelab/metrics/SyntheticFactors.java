package org.vaelab.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.data.GroundTruthFactors;

/**
 * A small synthetic ground truth: factors of the given sizes, each rendered as a one-hot block, so an image is
 * the concatenation of the blocks ({@code sum(sizes)} values) and every factor can be read back from it.
 */
public final class SyntheticFactors implements GroundTruthFactors {

    private final int[] sizes;

    /** @param sizes the number of values of each factor */
    public SyntheticFactors(int... sizes) {
        this.sizes = sizes.clone();
    }

    @Override
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < sizes.length; j++) {
            names.add("f" + j);
        }
        return names;
    }

    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    @Override
    public int[][] sample(int n, SplittableRandom rng) {
        int[][] out = new int[n][sizes.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < sizes.length; j++) {
                out[i][j] = rng.nextInt(sizes[j]);
            }
        }
        return out;
    }

    @Override
    public INDArray render(int[][] factors) {
        return Nd4j.create(renderRows(factors));
    }

    /** @return the number of values of an image */
    public int imageSize() {
        int d = 0;
        for (int s : sizes) {
            d += s;
        }
        return d;
    }

    /**
     * @param factors value indices {@code [n][k]}
     * @return the one-hot images as rows
     */
    public double[][] renderRows(int[][] factors) {
        double[][] images = new double[factors.length][imageSize()];
        for (int i = 0; i < factors.length; i++) {
            int offset = 0;
            for (int j = 0; j < sizes.length; j++) {
                images[i][offset + factors[i][j]] = 1.0;
                offset += sizes[j];
            }
        }
        return images;
    }

    /**
     * @param image one rendered image
     * @return its factor value indices (the argmax of each block)
     */
    public int[] read(double[] image) {
        int[] f = new int[sizes.length];
        int offset = 0;
        for (int j = 0; j < sizes.length; j++) {
            int best = 0;
            for (int v = 1; v < sizes[j]; v++) {
                if (image[offset + v] > image[offset + best]) {
                    best = v;
                }
            }
            f[j] = best;
            offset += sizes[j];
        }
        return f;
    }
}
