package org.vaelab.engine.batch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.Seeds;
import org.vaelab.api.data.FloatArrays;
import org.vaelab.api.model.GraphInput;

/**
 * The values of the placeholders components ask for ({@link GraphInput}): seeded noise and where training
 * stands. Each noise input has its own stream, derived from a seed, its name and the batch, so adding one
 * input changes no other draw and any batch's values can be drawn again on their own (resume).
 */
public final class ComponentInputs {

    private static final float BELOW_ONE = Math.nextDown(1f);

    private ComponentInputs() {}

    /**
     * @param inputs the graph's component inputs
     * @param rows examples in the batch
     * @param seed the seed this batch's noise derives from
     * @param batch the batch's index (its stream)
     * @param step the training step to feed
     * @param epoch the epoch to feed
     * @return placeholder name to value
     */
    public static Map<String, INDArray> values(List<GraphInput> inputs, int rows, long seed, long batch, long step,
            int epoch) {
        Map<String, INDArray> feeds = new LinkedHashMap<>();
        for (GraphInput in : inputs) {
            feeds.put(in.name(), in.kind().isNoise()
                    ? noise(in, rows, new SplittableRandom(Seeds.derive(seed, "input:" + in.name(), batch)))
                    : progress(in, step, epoch));
        }
        return feeds;
    }

    /**
     * The values for evaluation, where batches are split differently by each engine: each row's noise has its
     * own stream, told apart by that row's (seeded) reparameterisation noise, so the values are a function of
     * the row alone and evaluation is the same however a batch is split.
     *
     * @param inputs the graph's component inputs
     * @param eps the batch's reparameterisation noise, {@code [rows, latentDim]}
     * @param seed the seed the noise derives from
     * @param step the training step to feed
     * @param epoch the epoch to feed
     * @return placeholder name to value
     */
    public static Map<String, INDArray> evaluationValues(List<GraphInput> inputs, INDArray eps, long seed, long step,
            int epoch) {
        int rows = Math.toIntExact(eps.size(0));
        Map<String, INDArray> feeds = new LinkedHashMap<>();
        for (GraphInput in : inputs) {
            if (!in.kind().isNoise()) {
                feeds.put(in.name(), progress(in, step, epoch));
                continue;
            }
            int perRow = Math.toIntExact(in.valuesPerExample());
            float[] values = new float[rows * perRow];
            float[] row = new float[perRow];
            for (int r = 0; r < rows; r++) {
                SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "eval-input:" + in.name(),
                        Float.floatToIntBits(eps.getFloat(r, 0))));
                draw(in.kind(), rng, row);
                System.arraycopy(row, 0, values, r * perRow, perRow);
            }
            feeds.put(in.name(), FloatArrays.matrix(values, rows, perRow).reshape('c', shape(in, rows)));
        }
        return feeds;
    }

    /** The scalar of a training-progress input: the step or the epoch. */
    private static INDArray progress(GraphInput in, long step, int epoch) {
        return Nd4j.scalar(DataType.FLOAT, in.kind() == GraphInput.Kind.EPOCH ? epoch : (float) step);
    }

    private static void draw(GraphInput.Kind kind, SplittableRandom rng, float[] values) {
        if (kind == GraphInput.Kind.STANDARD_NORMAL) {
            Gaussian.fill(rng, values, values.length);
        } else {
            for (int i = 0; i < values.length; i++) {
                values[i] = Math.min((float) rng.nextDouble(), BELOW_ONE);   // float rounding could reach 1
            }
        }
    }

    private static long[] shape(GraphInput in, int rows) {
        long[] perExample = in.perExample();
        long[] shape = new long[perExample.length + 1];
        shape[0] = rows;
        System.arraycopy(perExample, 0, shape, 1, perExample.length);
        return shape;
    }

    /** {@code [rows, perExample...]} draws of a noise input. */
    static INDArray noise(GraphInput in, int rows, SplittableRandom rng) {
        float[] values = new float[Math.toIntExact(rows * in.valuesPerExample())];
        draw(in.kind(), rng, values);
        return FloatArrays.matrix(values, rows, in.valuesPerExample()).reshape('c', shape(in, rows));
    }

    /**
     * Zeros of every component input, for a trial run of the graph.
     *
     * @param inputs the graph's component inputs
     * @param rows examples
     * @return placeholder name to zeros of its shape
     */
    public static Map<String, INDArray> zeros(List<GraphInput> inputs, int rows) {
        Map<String, INDArray> feeds = new LinkedHashMap<>();
        for (GraphInput in : inputs) {
            if (in.kind().isNoise()) {
                feeds.put(in.name(), Nd4j.zeros(DataType.FLOAT, shape(in, rows)));
            } else {
                feeds.put(in.name(), Nd4j.scalar(DataType.FLOAT, 0f));
            }
        }
        return feeds;
    }
}
