package org.vaelab.experiments.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.vaelab.api.Seeds;
import org.vaelab.api.data.DataSplit;
import org.vaelab.api.data.ImageShape;
import org.vaelab.engine.Engine;
import org.vaelab.engine.StepCallback;
import org.vaelab.engine.batch.BatchIterator;
import org.vaelab.engine.graph.VaeGraph;
import org.vaelab.experiments.config.TrainingSection;
import org.vaelab.experiments.run.FailPoints;

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
    private int batchesDone;                                // of the current epoch
    private final Map<String, Double> window = new LinkedHashMap<>();
    private long windowSteps;
    private final Map<String, Double> epochSums = new LinkedHashMap<>();
    private long epochSteps;
    private long epochImages;                               // throughput only, not restored
    private long epochNanos;

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

    /** @return batches per epoch */
    public int batchesPerEpoch() {
        return (int) ((train.size() + settings.batchSize() - 1) / settings.batchSize());
    }

    /**
     * Where training stands between two steps, for a checkpoint.
     *
     * @param epochsCompleted epochs finished
     * @return the position and the running sums of the epoch and of the metrics window
     */
    public Position position(int epochsCompleted) {
        return new Position(epochsCompleted, batchesDone, step, Map.copyOf(epochSums), epochSteps, Map.copyOf(window),
                windowSteps);
    }

    /**
     * Continues from a checkpoint's position (after the graph's parameters and optimiser state are restored).
     *
     * @param p the position
     */
    public void restore(Position p) {
        step = p.steps();
        batchesDone = p.batchesDone();
        epochSums.clear();
        epochSums.putAll(p.epochSums());
        epochSteps = p.epochSteps();
        window.clear();
        window.putAll(p.windowSums());
        windowSteps = p.windowSteps();
        graph.trainingProgress(step, p.epochsCompleted());
    }

    /**
     * Trains the rest of an epoch (from the first batch, or from where a restored position or an earlier
     * pause left it), stopping early after a step when {@code pause} says so; the epoch is then continued by
     * calling this again. Pausing changes no number: the batches and their sums are the same either way.
     *
     * @param epoch the 0-based epoch index
     * @param pause asked after each step but the epoch's last, with the steps taken so far
     * @return whether the epoch is finished
     */
    public boolean train(int epoch, LongPredicate pause) {
        BatchIterator batches = new BatchIterator(train.images(), shape, settings.batchSize(), graph.context().latentDim(),
                new SplittableRandom(Seeds.derive(seed, "data.shuffle", epoch)),
                Seeds.derive(seed, "noise.eps", epoch),
                graph.components().corruption(),
                Seeds.derive(seed, "corruption", epoch)).feeding(graph.inputs(), epoch);
        int total = batches.batchesPerEpoch();
        if (batchesDone == 0) {
            epochImages = 0;
            epochNanos = 0;
        }
        batches.startAt(batchesDone);
        long start = System.nanoTime();
        long imagesBefore = epochImages;
        progress.startEpoch(epoch + 1, settings.epochs(), total);
        StepCallback onStep = (batchSize, values) -> {
            step++;
            batchesDone++;
            epochImages += batchSize;
            values.forEach((k, v) -> {
                window.merge(k, v, Double::sum);
                epochSums.merge(k, v, Double::sum);
            });
            windowSteps++;
            epochSteps++;
            double rate = (epochImages - imagesBefore) / Math.max((System.nanoTime() - start) / 1e9, 1e-9);
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
                window.forEach((k, v) -> line.put("train/" + k, v / windowSteps));
                line.put("train/imagesPerSec", rate);
                metrics.accept(line);
                window.clear();
                windowSteps = 0;
            }
            FailPoints.pass("train/step");
            if (batchesDone < total && pause.test(step)) {
                batches.requestStop();
            }
        };
        try {
            engine.trainEpoch(batches, onStep);
        } finally {
            epochNanos += System.nanoTime() - start;
            progress.endEpoch();
        }
        boolean finished = batchesDone == total;
        // the engines count each call as an epoch; a paused epoch is not one
        graph.sd().getTrainingConfig().setEpochCount(finished ? epoch + 1 : epoch);
        graph.trainingProgress(step, finished ? epoch + 1 : epoch);
        return finished;
    }

    /**
     * Trains a whole epoch without pausing.
     *
     * @param epoch the 0-based epoch index
     * @return the epoch's mean of each logged value, plus {@code imagesPerSec}
     */
    public Map<String, Double> trainEpoch(int epoch) {
        train(epoch, step -> false);
        return finishEpoch();
    }

    /**
     * The finished epoch's means; resets the sums for the next epoch.
     *
     * @return the mean of each logged value over the epoch's steps, plus {@code imagesPerSec}
     */
    public Map<String, Double> finishEpoch() {
        Map<String, Double> summary = new LinkedHashMap<>();
        epochSums.forEach((k, v) -> summary.put("train/" + k, v / epochSteps));
        summary.put("train/imagesPerSec", epochImages / Math.max(epochNanos / 1e9, 1e-9));
        epochSums.clear();
        epochSteps = 0;
        batchesDone = 0;
        return summary;
    }

    /**
     * Where training stands between two steps: all a checkpoint holds besides parameters and optimiser state.
     *
     * @param epochsCompleted epochs finished
     * @param batchesDone batches of the next epoch already trained
     * @param steps optimisation steps taken
     * @param epochSums the running sums of the current epoch's logged values
     * @param epochSteps steps in those sums
     * @param windowSums the running sums since the last metrics line
     * @param windowSteps steps in those sums
     */
    public record Position(int epochsCompleted, int batchesDone, long steps, Map<String, Double> epochSums,
            long epochSteps, Map<String, Double> windowSums, long windowSteps) {}

    /** Training produced a non-finite loss. */
    public static final class TrainingDivergedException extends org.vaelab.api.UserInputException {
        private static final long serialVersionUID = 1L;

        TrainingDivergedException(String message) {
            super(message);
        }
    }
}
