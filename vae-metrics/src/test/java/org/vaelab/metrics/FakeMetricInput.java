package org.vaelab.metrics;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.data.DataInfo;
import org.vaelab.api.data.DataSplit;
import org.vaelab.api.data.Dataset;
import org.vaelab.api.data.GroundTruthFactors;
import org.vaelab.api.data.ImageShape;
import org.vaelab.api.metric.Encoding;
import org.vaelab.api.metric.MetricInput;

/**
 * A {@link MetricInput} without a model: the "encoder" is a function of each image row, so tests construct
 * representations with known answers (the factors themselves, noise, a duplicated code). Noise comes from a
 * generator seeded by the fake's seed, so a fake is deterministic for a given call sequence.
 */
public final class FakeMetricInput implements MetricInput {

    /** Maps one image to its posterior mean. */
    @FunctionalInterface
    public interface Encoder {
        /**
         * @param image one image row
         * @param noise the fake's generator
         * @return the posterior mean
         */
        double[] encode(double[] image, SplittableRandom noise);
    }

    private final Dataset data;
    private final GroundTruthFactors truth;
    private final int latentDim;
    private final Encoder encoder;
    private final long seed;
    private final SplittableRandom noise;

    /**
     * @param data the data, or null when a test needs none
     * @param truth the ground truth, or null for data without one
     * @param latentDim the code size
     * @param encoder the representation
     * @param seed the metric's seed (also seeds the noise)
     */
    public FakeMetricInput(Dataset data, GroundTruthFactors truth, int latentDim, Encoder encoder, long seed) {
        this.data = data;
        this.truth = truth;
        this.latentDim = latentDim;
        this.encoder = encoder;
        this.seed = seed;
        this.noise = new SplittableRandom(seed ^ 0x5DEECE66DL);
    }

    /**
     * The factors themselves plus Gaussian noise: code j is factor j's value index + noise * N(0, 1).
     *
     * @param truth the ground truth
     * @param noise the noise's standard deviation
     * @param seed the seed
     * @return the fake
     */
    public static FakeMetricInput identity(SyntheticFactors truth, double noise, long seed) {
        int k = truth.sizes().length;
        return new FakeMetricInput(dataset(truth, 0, seed), truth, k, (image, rng) -> {
            int[] f = truth.read(image);
            double[] z = new double[k];
            for (int j = 0; j < k; j++) {
                z[j] = f[j] + noise * rng.nextGaussian();
            }
            return z;
        }, seed);
    }

    /**
     * Factor 0 coded twice (codes 0 and 1, each with its own noise), then the other factors once.
     *
     * @param truth the ground truth
     * @param noise the noise's standard deviation
     * @param seed the seed
     * @return the fake
     */
    public static FakeMetricInput duplicated(SyntheticFactors truth, double noise, long seed) {
        int k = truth.sizes().length;
        return new FakeMetricInput(dataset(truth, 0, seed), truth, k + 1, (image, rng) -> {
            int[] f = truth.read(image);
            double[] z = new double[k + 1];
            z[0] = f[0] + noise * rng.nextGaussian();
            for (int j = 0; j < k; j++) {
                z[j + 1] = f[j] + noise * rng.nextGaussian();
            }
            return z;
        }, seed);
    }

    /**
     * Standard normal codes that ignore the image.
     *
     * @param truth the ground truth
     * @param latentDim the code size
     * @param seed the seed
     * @return the fake
     */
    public static FakeMetricInput random(SyntheticFactors truth, int latentDim, long seed) {
        return new FakeMetricInput(dataset(truth, 0, seed), truth, latentDim, (image, rng) -> {
            double[] z = new double[latentDim];
            for (int j = 0; j < latentDim; j++) {
                z[j] = rng.nextGaussian();
            }
            return z;
        }, seed);
    }

    /**
     * A labelled dataset of rendered factor combinations, 200 train and 100 test images.
     *
     * @param truth the ground truth
     * @param labelFactor the factor used as the class label
     * @param seed the seed
     * @return the dataset
     */
    public static Dataset dataset(SyntheticFactors truth, int labelFactor, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return new Dataset(new DataInfo("synthetic one-hot factors", new ImageShape(1, 1, truth.imageSize()),
                truth.names(), List.of(), Map.of()), split(truth, labelFactor, 200, rng), split(truth, labelFactor, 100, rng));
    }

    private static DataSplit split(SyntheticFactors truth, int labelFactor, int n, SplittableRandom rng) {
        int[][] factors = truth.sample(n, rng);
        double[] labels = new double[n];
        double[][] f = new double[n][];
        for (int i = 0; i < n; i++) {
            labels[i] = factors[i][labelFactor];
            f[i] = java.util.Arrays.stream(factors[i]).asDoubleStream().toArray();
        }
        return new DataSplit(Nd4j.create(truth.renderRows(factors)), Nd4j.create(labels), Nd4j.create(f));
    }

    @Override
    public Dataset data() {
        if (data == null) {
            throw new IllegalStateException("this fake has no data");
        }
        return data;
    }

    @Override
    public Optional<GroundTruthFactors> groundTruth() {
        return Optional.ofNullable(truth);
    }

    @Override
    public int latentDim() {
        return latentDim;
    }

    @Override
    public Encoding encode(INDArray images) {
        double[][] rows = images.toDoubleMatrix();
        double[][] means = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            means[i] = encoder.encode(rows[i], noise);
        }
        INDArray mean = Nd4j.create(means);
        return new Encoding(mean, Nd4j.zeros(mean.shape()));
    }

    @Override
    public INDArray decode(INDArray z) {
        throw new UnsupportedOperationException("the fake has no decoder");
    }

    @Override
    public long seed() {
        return seed;
    }

    /**
     * @param data other data
     * @param truth another ground truth, or null
     * @return this fake's encoder and seed over other data
     */
    public FakeMetricInput with(Dataset data, GroundTruthFactors truth) {
        return new FakeMetricInput(data, truth, latentDim, encoder, seed);
    }
}
