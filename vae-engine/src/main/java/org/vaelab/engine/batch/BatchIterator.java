package org.vaelab.engine.batch;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.corruption.CorruptedBatch;
import org.vaelab.api.corruption.Corruption;
import org.vaelab.api.data.FloatArrays;
import org.vaelab.api.data.ImageShape;

/**
 * One epoch of training batches: a seeded permutation of the split, each batch carrying the feeds of
 * {@link org.vaelab.engine.graph.VaeGraph#featureNames()} ({@code x}, then {@code input} and
 * {@code mask} when a corruption is configured, then {@code eps}). Every random draw comes from the
 * seeds given, which the trainer derives from (run seed, purpose, epoch), and each batch's noise and
 * corruption from (that seed, batch index): any batch of an epoch is reproducible on its own, so a run
 * resumed in the middle of an epoch ({@link #startAt}) draws exactly the batches it would have drawn.
 */
public final class BatchIterator implements MultiDataSetIterator {

    private static final long serialVersionUID = 1L;

    private final INDArray images;
    private final ImageShape shape;
    private final int batchSize;
    private final int latentDim;
    private final int[] order;
    private final long noiseSeed;
    private final transient Corruption corruption;
    private transient java.nio.FloatBuffer source;
    private final long corruptionSeed;
    private int position;
    private volatile boolean stopRequested;
    private java.util.List<org.vaelab.api.model.GraphInput> inputs = java.util.List.of();
    private int epoch;

    /**
     * @param images the split's images, {@code [n, C*H*W]}
     * @param shape image shape
     * @param batchSize examples per batch (the last batch may be smaller)
     * @param latentDim latent dimensions, for the noise
     * @param shuffle source of the permutation, or null to keep the order
     * @param noiseSeed seed of the reparameterisation noise (batch b draws from a stream derived from it and b)
     * @param corruption the corruption, or null
     * @param corruptionSeed seed of the corruption's randomness (ignored without a corruption)
     */
    public BatchIterator(INDArray images, ImageShape shape, int batchSize, int latentDim, SplittableRandom shuffle,
            long noiseSeed, Corruption corruption, long corruptionSeed) {
        this.images = images;
        this.shape = shape;
        this.batchSize = batchSize;
        this.latentDim = latentDim;
        this.noiseSeed = noiseSeed;
        this.corruption = corruption;
        this.corruptionSeed = corruptionSeed;
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

    /**
     * Also feeds the placeholders components asked for (after {@code eps}): noise from this iterator's noise
     * seed, the input's name and the batch, and the training step {@code epoch * batchesPerEpoch + batch}.
     *
     * @param componentInputs the graph's component inputs
     * @param epochIndex the 0-based epoch these batches belong to
     * @return this iterator
     */
    public BatchIterator feeding(java.util.List<org.vaelab.api.model.GraphInput> componentInputs, int epochIndex) {
        this.inputs = java.util.List.copyOf(componentInputs);
        this.epoch = epochIndex;
        return this;
    }

    /** @return examples per batch (the last may have fewer) */
    public int batchSize() {
        return batchSize;
    }

    /** @return examples in one pass over the data */
    public int examples() {
        return order.length;
    }

    /** @return batches in one pass over the data */
    public int batchesPerEpoch() {
        return (order.length + batchSize - 1) / batchSize;
    }

    /**
     * Skips the epoch's first batches, for a run resumed in the middle of an epoch; call before the first
     * {@code next}.
     *
     * @param batch the index of the next batch to draw
     */
    public void startAt(int batch) {
        if (batch < 0 || batch > batchesPerEpoch() || position != 0) {
            throw new IllegalArgumentException("cannot start at batch " + batch + " of " + batchesPerEpoch());
        }
        position = Math.min(order.length, batch * batchSize);
    }

    /** @return the index of the next batch to draw */
    public int nextBatchIndex() {
        return position >= order.length ? batchesPerEpoch() : position / batchSize;
    }

    /** @return batches left to draw (ignoring a stop request) */
    public int remainingBatches() {
        return batchesPerEpoch() - nextBatchIndex();
    }

    /**
     * Ends the epoch early after the batch being trained on (for a checkpoint or a stop signal): from now
     * on {@link #hasNext()} is false. Safe to call from the step callback while a batch is prefetched.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /** @return whether {@link #requestStop()} was called */
    public boolean stopRequested() {
        return stopRequested;
    }

    @Override
    public boolean hasNext() {
        return position < order.length && !stopRequested;
    }

    /** The noise of batch {@code batch}: its own stream, so it does not depend on the batches before it. */
    private SplittableRandom noise(int batch) {
        return new SplittableRandom(org.vaelab.api.Seeds.derive(noiseSeed, "batch", batch));
    }

    @Override
    public MultiDataSet next() {
        int batch = nextBatchIndex();
        int end = Math.min(order.length, position + batchSize);
        int[] rows = java.util.Arrays.copyOfRange(order, position, end);
        position = end;
        INDArray x = gatherRows(rows);
        INDArray eps = Gaussian.standard(noise(batch), rows.length, latentDim);
        INDArray[] features;
        if (corruption == null) {
            features = new INDArray[] {x, eps};
        } else {
            SplittableRandom corruptionRng = new SplittableRandom(org.vaelab.api.Seeds.derive(corruptionSeed, "batch", batch));
            CorruptedBatch c = corruption.corrupt(x, shape, corruptionRng);
            features = corruption.producesMask()
                    ? new INDArray[] {x, c.input(), c.mask(), eps}
                    : new INDArray[] {x, c.input(), eps};
        }
        if (!inputs.isEmpty()) {
            java.util.List<INDArray> all = new java.util.ArrayList<>(java.util.List.of(features));
            all.addAll(ComponentInputs.values(inputs, rows.length, noiseSeed, batch,
                    (long) epoch * batchesPerEpoch() + batch, epoch).values());
            features = all.toArray(INDArray[]::new);
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(features, null);
    }

    /** @return whether batches hold only the images and the noise (no corruption, no component inputs): {@link #nextInto} works */
    public boolean imagesAndNoiseOnly() {
        return corruption == null && inputs.isEmpty();
    }

    /**
     * The next batch straight into Java arrays (reused by the caller: an ND4J allocation costs about 0.2 ms): the
     * same rows and the same noise as {@link #next()} would give.
     *
     * @param x receives the images, row-major, {@code batchSize * C*H*W} values at least
     * @param eps receives the noise, {@code batchSize * latentDim} values at least
     * @return the rows in this batch
     */
    public int nextInto(float[] x, float[] eps) {
        if (!imagesAndNoiseOnly()) {
            throw new IllegalStateException("nextInto has no corrupted inputs or component inputs; use next()");
        }
        int batch = nextBatchIndex();
        int end = Math.min(order.length, position + batchSize);
        int n = end - position;
        int[] rows = java.util.Arrays.copyOfRange(order, position, end);
        if (isDenseFloat()) {
            copyRows(rows, x);
        } else {
            Nd4j.pullRows(images, 1, rows).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data()
                    .asNioFloat().get(x, 0, n * (int) images.size(1));
        }
        Gaussian.fill(noise(batch), eps, n * latentDim);
        position = end;
        return n;
    }

    private boolean isDenseFloat() {
        return images.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT && images.ordering() == 'c'
                && images.elementWiseStride() == 1 && images.length() < Integer.MAX_VALUE;
    }

    /** A view of the images' memory; valid while this iterator (which holds the array) is reachable. */
    private java.nio.FloatBuffer source() {
        if (source == null) {
            source = images.data().asNioFloat();           // positioned at the array's offset
        }
        return source;
    }

    /**
     * The batch's rows, copied with one bulk copy per row when the images are a dense float matrix (the
     * batch assembly must stay small next to a training step of a few milliseconds); {@code pullRows}
     * otherwise.
     */
    private INDArray gatherRows(int[] rows) {
        if (!isDenseFloat()) {
            return Nd4j.pullRows(images, 1, rows);
        }
        int d = (int) images.size(1);
        float[] values = new float[rows.length * d];
        copyRows(rows, values);
        return FloatArrays.matrix(values, rows.length, d);
    }

    /** The given rows of the (dense float) images into {@code dst}, row-major: one bulk copy per row. */
    private void copyRows(int[] rows, float[] dst) {
        int d = (int) images.size(1);
        java.nio.FloatBuffer src = source();
        int base = src.position();
        for (int i = 0; i < rows.length; i++) {
            src.get(base + rows[i] * d, dst, i * d, d);
        }
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
