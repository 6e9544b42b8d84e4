package org.vaelab.experiments.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.vaelab.api.Seeds;
import org.vaelab.api.data.DataSplit;
import org.vaelab.api.data.ImageShape;
import org.vaelab.experiments.config.TrainingSection;
import org.vaelab.experiments.engine.Engine;
import org.vaelab.experiments.graph.VaeGraph;

/**
 * Trains a {@link VaeGraph} one epoch at a time on an {@link Engine} (same batches, same noise, same
 * optimiser state whichever engine). Each epoch's shuffling,
 * noise and corruption come from seeds derived from (run seed, purpose, epoch), so an epoch depends
 * only on the parameters and optimiser state it starts from: resuming from a checkpoint repeats the
 * same numbers.
 */
public final class TrainingLoop {

    private final VaeGraph graph;
    private final Engine engine;
    private final DataSplit train;
    private final ImageShape shape;
    private final TrainingSection settings;
    private final long seed;
    private final Consumer<Map<String, Object>> metrics;
    private final Progress progress;
    private long step;

    /**
     * @param engine the engine, over the model's graph
     * @param train the training split
     * @param shape the image shape
     * @param settings training settings
     * @param seed the run seed
     * @param metrics receives one line per {@code logEvery} steps (means over those steps)
     * @param progress progress output
     */
    public TrainingLoop(Engine engine, DataSplit train, ImageShape shape, TrainingSection settings, long seed,
            Consumer<Map<String, Object>> metrics, Progress progress) {
        this.graph = engine.graph();
        this.engine = engine;
        this.train = train;
        this.shape = shape;
        this.settings = settings;
        this.seed = seed;
        this.metrics = metrics;
        this.progress = progress;
    }

    /** Sets the optimiser and prepares the engine; call once before the first epoch (after any restore). */
    public void prepare() {
        if (graph.sd().getTrainingConfig() == null) {       // a resumed graph keeps its saved config and updater state
            graph.sd().setTrainingConfig(new TrainingConfig.Builder()
                    .updater(settings.optimizer().toUpdater())
                    .dataSetFeatureMapping(graph.featureNames())
                    .markLabelsUnused()
                    .build());
        }
        engine.prepare();
    }

    /** @return steps taken so far (also across a resume) */
    public long step() {
        return step;
    }

    /** @param step steps already taken, when resuming */
    public void setStep(long step) {
        this.step = step;
    }

    /**
     * Trains one epoch.
     *
     * @param epoch the 0-based epoch index
     * @return the epoch's mean of each logged value, plus {@code imagesPerSec}
     */
    public Map<String, Double> trainEpoch(int epoch) {
        BatchIterator batches = new BatchIterator(train.images(), shape, settings.batchSize(), graph.context().latentDim(),
                new SplittableRandom(Seeds.derive(seed, "data.shuffle", epoch)),
                new SplittableRandom(Seeds.derive(seed, "noise.eps", epoch)),
                graph.components().corruption(),
                new SplittableRandom(Seeds.derive(seed, "corruption", epoch)));
        Map<String, Double> window = new LinkedHashMap<>();
        Map<String, Double> epochSums = new LinkedHashMap<>();
        long[] counts = new long[2];                       // [steps in window, steps in epoch]
        long[] images = new long[1];
        long start = System.nanoTime();
        progress.startEpoch(epoch + 1, settings.epochs(), batches.batchesPerEpoch());
        StepListener.StepCallback onStep = (batchSize, values) -> {
            step++;
            images[0] += batchSize;
            values.forEach((k, v) -> {
                window.merge(k, v, Double::sum);
                epochSums.merge(k, v, Double::sum);
            });
            counts[0]++;
            counts[1]++;
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = images[0] / Math.max(seconds, 1e-9);
            double loss = values.get(VaeGraph.LOSS_TOTAL);
            if (!Double.isFinite(loss)) {
                throw new TrainingDivergedException("the loss became " + loss + " at step " + step + " (epoch "
                        + (epoch + 1) + "); try a lower learning rate");
            }
            progress.step(loss, rate);
            if (step % settings.logEvery() == 0) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("step", step);
                line.put("epoch", epoch + 1);
                window.forEach((k, v) -> line.put("train/" + k, v / counts[0]));
                line.put("train/imagesPerSec", rate);
                metrics.accept(line);
                window.clear();
                counts[0] = 0;
            }
        };
        try {
            engine.trainEpoch(batches, onStep);
        } finally {
            progress.endEpoch();
        }
        Map<String, Double> summary = new LinkedHashMap<>();
        epochSums.forEach((k, v) -> summary.put("train/" + k, v / counts[1]));
        summary.put("train/imagesPerSec", images[0] / ((System.nanoTime() - start) / 1e9));
        return summary;
    }

    /** Training produced a non-finite loss. */
    public static final class TrainingDivergedException extends org.vaelab.api.UserInputException {
        private static final long serialVersionUID = 1L;

        TrainingDivergedException(String message) {
            super(message);
        }
    }
}
