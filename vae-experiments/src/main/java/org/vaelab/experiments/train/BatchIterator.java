package org.vaelab.experiments.train;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.corruption.CorruptedBatch;
import org.vaelab.api.corruption.Corruption;
import org.vaelab.api.data.ImageShape;

/**
 * One epoch of training batches: a seeded permutation of the split, each batch carrying the feeds of
 * {@link org.vaelab.experiments.graph.VaeGraph#featureNames()} ({@code x}, then {@code input} and
 * {@code mask} when a corruption is configured, then {@code eps}). Every random draw comes from the
 * sources given, which the trainer seeds from (run seed, purpose, epoch): an epoch is reproducible
 * on its own, which is what makes resuming exact.
 */
public final class BatchIterator implements MultiDataSetIterator {

    private static final long serialVersionUID = 1L;

    private final INDArray images;
    private final ImageShape shape;
    private final int batchSize;
    private final int latentDim;
    private final int[] order;
    private final transient SplittableRandom noise;
    private final transient Corruption corruption;
    private final transient SplittableRandom corruptionRng;
    private int position;

    /**
     * @param images the split's images, {@code [n, C*H*W]}
     * @param shape image shape
     * @param batchSize examples per batch (the last batch may be smaller)
     * @param latentDim latent dimensions, for the noise
     * @param shuffle source of the permutation, or null to keep the order
     * @param noise source of the reparameterisation noise
     * @param corruption the corruption, or null
     * @param corruptionRng source of the corruption's randomness (ignored without a corruption)
     */
    public BatchIterator(INDArray images, ImageShape shape, int batchSize, int latentDim, SplittableRandom shuffle,
            SplittableRandom noise, Corruption corruption, SplittableRandom corruptionRng) {
        this.images = images;
        this.shape = shape;
        this.batchSize = batchSize;
        this.latentDim = latentDim;
        this.noise = noise;
        this.corruption = corruption;
        this.corruptionRng = corruptionRng;
        int n = Math.toIntExact(images.size(0));
        this.order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle != null) {                       // Fisher-Yates
            for (int i = n - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
    }

    /** @return batches in one pass */
    public int batchesPerEpoch() {
        return (order.length + batchSize - 1) / batchSize;
    }

    @Override
    public boolean hasNext() {
        return position < order.length;
    }

    @Override
    public MultiDataSet next() {
        int end = Math.min(order.length, position + batchSize);
        int[] rows = java.util.Arrays.copyOfRange(order, position, end);
        position = end;
        INDArray x = Nd4j.pullRows(images, 1, rows);
        INDArray eps = Gaussian.standard(noise, rows.length, latentDim);
        INDArray[] features;
        if (corruption == null) {
            features = new INDArray[] {x, eps};
        } else {
            CorruptedBatch c = corruption.corrupt(x, shape, corruptionRng);
            features = corruption.producesMask()
                    ? new INDArray[] {x, c.input(), c.mask(), eps}
                    : new INDArray[] {x, c.input(), eps};
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(features, null);
    }

    @Override
    public MultiDataSet next(int num) {
        throw new UnsupportedOperationException("batch size is fixed");
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        throw new UnsupportedOperationException();
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return null;
    }

    @Override
    public boolean resetSupported() {
        return false;      // one iterator per epoch, seeded for that epoch
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        throw new UnsupportedOperationException("create a new BatchIterator for each epoch");
    }
}
