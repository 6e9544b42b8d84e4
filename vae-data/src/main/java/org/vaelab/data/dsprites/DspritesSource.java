package org.vaelab.data.dsprites;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.data.DataInfo;
import org.vaelab.api.data.DataSource;
import org.vaelab.api.data.DataSplit;
import org.vaelab.api.data.Dataset;
import org.vaelab.api.data.ImageShape;

/**
 * dSprites, generated on the fly (Matthey, Higgins, Hassabis and Lerchner, 2017, "dSprites:
 * Disentanglement testing Sprites dataset"; used by Higgins et al., 2017, "beta-VAE: Learning Basic
 * Visual Concepts with a Constrained Variational Framework", ICLR).
 *
 * <p>Draws {@code trainSize + testSize} distinct combinations from the {@linkplain DspritesGrid factor
 * grid} with a partial Fisher-Yates shuffle driven only by a {@link SplittableRandom} seeded with the
 * load seed; the first {@code trainSize} form the training split and the rest the test split, so the two
 * are disjoint. Each combination is drawn by {@link DspritesRenderer} as a 1x64x64 image of exact 0s and
 * 1s.
 *
 * <p>Each split carries the factor values as an {@code [n, 5]} float array (columns
 * {@code shape, scale, orientation, posX, posY}; shape as 0/1/2, the others as real values) and the
 * shape index as an {@code [n]} INT32 label array (class names {@code square, ellipse, heart}).
 *
 * <table>
 *   <caption>Spec fields ({@link DspritesSpec})</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code trainSize}</td><td>20000</td><td>training images</td></tr>
 *   <tr><td>{@code testSize}</td><td>2000</td><td>test images, disjoint from the training ones</td></tr>
 * </table>
 */
public final class DspritesSource implements DataSource {

    /** Identifies the generator and its geometry in the provenance; bump when the images change. */
    public static final String GENERATOR = "dsprites-procedural v1, 64x64, grid 3x6x40x32x32";

    private static final int PIXELS = DspritesRenderer.SIZE * DspritesRenderer.SIZE;
    private static final int FACTORS = DspritesGrid.FACTOR_NAMES.size();

    private final DspritesSpec spec;

    /** @param spec the validated spec */
    public DspritesSource(DspritesSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    @Override
    public java.util.Optional<org.vaelab.api.data.GroundTruthFactors> groundTruth() {
        return java.util.Optional.of(new DspritesGroundTruth());
    }

    @Override
    public Dataset load(long seed) {
        int nTrain = spec.trainSize();
        int nTest = spec.testSize();
        int[] picked = sample(seed, nTrain + nTest);
        DataSplit train = render(picked, 0, nTrain);
        DataSplit test = render(picked, nTrain, nTest);

        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("generator", GENERATOR);
        sources.put("geometry", "centre px = 10 + 44*pos (pixel j spans [j, j+1)), shape radius <= 10*scale px; "
                + "square half-side 7.07, ellipse semi-axes 10x5, heart (x^2+y^2-1)^3 <= x^2 y^3; "
                + "orientation counter-clockwise");
        sources.put("subset", "train=" + nTrain + ", test=" + nTest
                + ", without replacement, partial Fisher-Yates with SplittableRandom(" + seed + ")");
        sources.put("subsetSha256", sha256(picked));
        DataInfo info = new DataInfo("dSprites (procedural, 64x64 binary)",
                new ImageShape(1, DspritesRenderer.SIZE, DspritesRenderer.SIZE),
                DspritesGrid.FACTOR_NAMES, DspritesGrid.SHAPE_NAMES, sources);
        return new Dataset(info, train, test);
    }

    /**
     * Draws {@code k} distinct grid indices: the first {@code k} entries of a partial Fisher-Yates
     * shuffle of {@code 0 .. SIZE-1}.
     *
     * @param seed seeds the only random source used
     * @param k how many indices, at most {@link DspritesGrid#SIZE}
     * @return {@code k} distinct flat grid indices, in draw order
     */
    static int[] sample(long seed, int k) {
        if (k < 0 || k > DspritesGrid.SIZE) {
            throw new IllegalArgumentException("cannot draw " + k + " of " + DspritesGrid.SIZE + " combinations");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] perm = new int[DspritesGrid.SIZE];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(perm.length - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] out = new int[k];
        System.arraycopy(perm, 0, out, 0, k);
        return out;
    }

    private static DataSplit render(int[] picked, int from, int n) {
        INDArray images = Nd4j.create(DataType.FLOAT, n, PIXELS);
        float[] factors = new float[n * FACTORS];
        int[] labels = new int[n];
        double[] f = new double[FACTORS];
        int[] fg = new int[PIXELS];
        for (int i = 0; i < n; i++) {
            DspritesGrid.factorValues(picked[from + i], f, 0);
            int count = DspritesRenderer.foreground((int) f[0], f[1], f[2], f[3], f[4], fg);
            for (int k = 0; k < count; k++) {
                images.putScalar(i, fg[k], 1.0);
            }
            for (int c = 0; c < FACTORS; c++) {
                factors[i * FACTORS + c] = (float) f[c];
            }
            labels[i] = (int) f[0];
        }
        return new DataSplit(images,
                Nd4j.create(labels, new long[] {n}, DataType.INT32),
                Nd4j.create(factors, new long[] {n, FACTORS}, DataType.FLOAT));
    }

    private static String sha256(int[] indices) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocate(indices.length * Integer.BYTES);
            buf.asIntBuffer().put(indices);
            return HexFormat.of().formatHex(md.digest(buf.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
