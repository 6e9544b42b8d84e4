package org.vaelab.experiments.pictures;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vaelab.api.data.ImageShape;
import org.vaelab.experiments.trained.TrainedModel;

/**
 * Latent traversals: for each seed image, one section; in it one row per latent dimension, most informative
 * first (by the mean KL of that dimension over the test images), labelled {@code "z3 (KL 2.41)"}. Row
 * {@code d} decodes the seed image's posterior mean with dimension {@code d} set to {@code steps} evenly
 * spaced values from {@code -range} to {@code range}, the other dimensions kept.
 */
public final class TraversalPicture {

    /** Values per row. */
    public static final int STEPS = 9;
    /** The values run from minus this to this. */
    public static final double RANGE = 3.0;

    private TraversalPicture() {}

    /**
     * @param model the trained model
     * @param seeds {@code [k, C*H*W]} the images whose codes are varied
     * @param klImages {@code [n, C*H*W]} the images over which the KL per dimension is averaged
     * @param shape image shape
     * @return the picture
     */
    public static BufferedImage render(TrainedModel model, INDArray seeds, INDArray klImages, ImageShape shape) {
        double[] kl = model.klPerDimension(klImages);
        return ImageGrid.render(sections(kl, model.encode(seeds).mean(), model::decode), shape, STEPS);
    }

    /**
     * @param kl KL per latent dimension
     * @param means {@code [k, latentDim]} the seed images' posterior means
     * @param decoder latent codes {@code [m, latentDim]} to images {@code [m, C*H*W]}
     * @return one section per seed image, one row per dimension (highest KL first), {@value #STEPS} tiles a row
     */
    public static List<ImageGrid.Section> sections(double[] kl, INDArray means, UnaryOperator<INDArray> decoder) {
        int[] order = orderByKl(kl);
        double[] values = values(STEPS, RANGE);
        List<ImageGrid.Section> sections = new ArrayList<>();
        for (int i = 0; i < means.size(0); i++) {
            INDArray decoded = decoder.apply(codes(means.getRow(i), order, values));
            List<ImageGrid.Row> rows = new ArrayList<>();
            for (int r = 0; r < order.length; r++) {
                rows.add(new ImageGrid.Row(label(order[r], kl[order[r]]),
                        decoded.get(NDArrayIndex.interval((long) r * values.length, (long) (r + 1) * values.length), NDArrayIndex.all())));
            }
            sections.add(new ImageGrid.Section(String.format(Locale.ROOT,
                    "test image %d: one latent varied from %.0f to %.0f, the others at the posterior mean", i + 1, -RANGE, RANGE),
                    rows));
        }
        return sections;
    }

    /**
     * @param kl KL per dimension
     * @return the dimensions, highest KL first (ties: lower index first)
     */
    public static int[] orderByKl(double[] kl) {
        return IntStream.range(0, kl.length).boxed()
                .sorted(Comparator.comparingDouble((Integer d) -> -kl[d]).thenComparingInt(d -> d))
                .mapToInt(Integer::intValue).toArray();
    }

    /**
     * @param dim a latent dimension
     * @param kl its KL
     * @return its row label, e.g. {@code "z3 (KL 2.41)"}
     */
    public static String label(int dim, double kl) {
        return String.format(Locale.ROOT, "z%d (KL %.2f)", dim, kl);
    }

    /**
     * @param steps how many
     * @param range the largest magnitude
     * @return {@code steps} values evenly spaced on [-range, range]
     */
    public static double[] values(int steps, double range) {
        double[] v = new double[steps];
        for (int s = 0; s < steps; s++) {
            v[s] = steps == 1 ? 0 : -range + 2 * range * s / (steps - 1);
        }
        return v;
    }

    /**
     * @param mean {@code [latentDim]} a posterior mean
     * @param order the dimensions, one row each
     * @param values the values each dimension takes
     * @return {@code [order.length * values.length, latentDim]} codes, row-major by (dimension, value)
     */
    static INDArray codes(INDArray mean, int[] order, double[] values) {
        INDArray flat = mean.reshape(1, mean.length());
        INDArray z = flat.repeat(0, (long) order.length * values.length).dup();
        for (int r = 0; r < order.length; r++) {
            for (int s = 0; s < values.length; s++) {
                z.putScalar(new long[] {(long) r * values.length + s, order[r]}, values[s]);
            }
        }
        return z;
    }
}
