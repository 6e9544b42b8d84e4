package org.vaelab.experiments.pictures;

import java.util.SplittableRandom;
import org.deeplearning4j.plot.BarnesHutTsne;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A 2-d t-SNE embedding (van der Maaten 2014, Barnes-Hut) of points such as posterior means, computed by
 * Deeplearning4j's {@link BarnesHutTsne} on Euclidean distances.
 *
 * <p>Reproducible: DL4J's t-SNE has no seed of its own, but it starts from a given solution when one is
 * passed ({@code staticInit}); this class passes a seeded Gaussian start (standard deviation 1e-4, as in
 * the reference implementation), and the rest of the algorithm (the vantage-point tree's neighbour search,
 * the gradient steps) draws no random numbers.
 */
public final class TsneEmbedding {

    /** Perplexity (capped for few points: the neighbour search needs 3 x perplexity neighbours). */
    public static final double PERPLEXITY = 30;

    private final int iterations;
    private final double perplexity;

    /**
     * @param iterations gradient steps
     * @param perplexity the effective number of neighbours
     */
    public TsneEmbedding(int iterations, double perplexity) {
        this.iterations = iterations;
        this.perplexity = perplexity;
    }

    /**
     * @param n number of points
     * @param wanted the perplexity asked for
     * @return the perplexity used: at most {@code (n - 1) / 3}
     */
    public static double perplexityFor(int n, double wanted) {
        return Math.min(wanted, Math.floor((n - 1) / 3.0 * 100) / 100);
    }

    /**
     * @param points {@code [n, d]}, n at least 4
     * @param seed seeds the starting solution
     * @return {@code [n][2]} coordinates
     */
    public double[][] embed(INDArray points, long seed) {
        int n = Math.toIntExact(points.size(0));
        if (n < 4) {
            throw new IllegalArgumentException("t-SNE needs at least 4 points, got " + n);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] start = new double[n][2];
        for (double[] row : start) {
            row[0] = 1e-4 * Gaussians.next(rng);
            row[1] = 1e-4 * Gaussians.next(rng);
        }
        int stopLying = Math.min(100, iterations / 2);      // early exaggeration for the first steps
        BarnesHutTsne tsne = new BarnesHutTsne.Builder()
                .numDimension(2)
                .perplexity(perplexityFor(n, perplexity))
                .theta(0.5)
                .similarityFunction("euclidean")
                .invertDistanceMetric(false)
                .normalize(false)
                .learningRate(200)
                .useAdaGrad(false)
                .stopLyingIteration(stopLying)
                .setSwitchMomentumIteration(stopLying)
                .setMaxIter(iterations)
                .staticInit(Nd4j.create(start))
                .build();
        tsne.fit(points.castTo(DataType.DOUBLE).dup('c'));
        INDArray y = tsne.getData();
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            out[i][0] = y.getDouble(i, 0);
            out[i][1] = y.getDouble(i, 1);
        }
        return out;
    }

    /** Standard normal draws from a {@link SplittableRandom} (Box-Muller; no state beyond the generator). */
    private static final class Gaussians {
        private Gaussians() {}

        static double next(SplittableRandom rng) {
            double u = 1.0 - rng.nextDouble();
            return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
        }
    }
}
