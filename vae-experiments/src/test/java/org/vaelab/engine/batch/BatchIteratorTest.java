package org.vaelab.engine.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.data.ImageShape;

/** Batches drawn into reused arrays ({@code nextInto}) must be exactly SameDiff's ({@code next}): same rows, same noise. */
class BatchIteratorTest {

    private static BatchIterator iterator(INDArray images) {
        return new BatchIterator(images, new ImageShape(1, 2, 3), 4, 3, new SplittableRandom(5), 6L, null, 7L);
    }

    @Test
    void nextIntoGivesTheRowsAndNoiseOfNextIncludingTheShortLastBatch() {
        INDArray images = Nd4j.rand(DataType.FLOAT, 10, 6);
        BatchIterator a = iterator(images);
        BatchIterator b = iterator(images);
        float[] x = new float[4 * 6];
        float[] eps = new float[4 * 3];
        int batches = 0;
        while (a.hasNext()) {
            MultiDataSet expected = a.next();
            assertThat(b.hasNext()).isTrue();
            int rows = b.nextInto(x, eps);
            assertThat(rows).isEqualTo(expected.getFeatures(0).size(0));
            assertThat(java.util.Arrays.copyOf(x, rows * 6)).containsExactly(expected.getFeatures(0).data().asFloat());
            assertThat(java.util.Arrays.copyOf(eps, rows * 3)).containsExactly(expected.getFeatures(1).data().asFloat());
            batches++;
        }
        assertThat(b.hasNext()).isFalse();
        assertThat(batches).isEqualTo(3);                  // 4 + 4 + 2 rows
    }

    @Test
    void gatheringRowsOfAViewOrOfDoublesGivesThoseRows() {
        INDArray big = Nd4j.rand(DataType.FLOAT, 14, 6);
        INDArray view = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(4, 14),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        BatchIterator fromView = iterator(view);
        BatchIterator fromCopy = iterator(view.dup());
        BatchIterator fromDoubles = iterator(view.castTo(DataType.DOUBLE));
        while (fromCopy.hasNext()) {
            INDArray expected = fromCopy.next().getFeatures(0);
            assertThat(fromView.next().getFeatures(0)).isEqualTo(expected);
            assertThat(fromDoubles.next().getFeatures(0).castTo(DataType.FLOAT)).isEqualTo(expected);
        }
    }

    @Test
    void startingAtABatchGivesExactlyTheBatchesFromThereOnAndAStopEndsTheEpoch() {
        INDArray images = Nd4j.rand(DataType.FLOAT, 10, 6);
        BatchIterator whole = iterator(images);
        java.util.List<MultiDataSet> all = new java.util.ArrayList<>();
        while (whole.hasNext()) {
            all.add(whole.next());
        }
        for (int start = 0; start <= 3; start++) {
            BatchIterator resumed = iterator(images);
            resumed.startAt(start);
            assertThat(resumed.remainingBatches()).isEqualTo(3 - start);
            for (int b = start; b < 3; b++) {
                MultiDataSet batch = resumed.next();
                assertThat(batch.getFeatures(0)).isEqualTo(all.get(b).getFeatures(0));      // same rows
                assertThat(batch.getFeatures(1)).isEqualTo(all.get(b).getFeatures(1));      // same noise
            }
            assertThat(resumed.hasNext()).isFalse();
        }
        BatchIterator stopped = iterator(images);
        stopped.next();
        stopped.requestStop();
        assertThat(stopped.hasNext()).isFalse();
        assertThat(stopped.nextBatchIndex()).isEqualTo(1);
    }
}
