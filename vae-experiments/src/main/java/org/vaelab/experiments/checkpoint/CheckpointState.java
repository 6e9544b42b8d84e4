package org.vaelab.experiments.checkpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vaelab.experiments.train.TrainingLoop;

/**
 * A checkpoint's {@code state.json}: where training stood, and what the rest of the run needs to finish
 * with the numbers an uninterrupted run gives (the running sums of the epoch and metrics window, the
 * length of {@code metrics.jsonl} to keep, the last finished epoch's means for the summary). Every field
 * is required: a state with one missing is damaged, never read as zero.
 *
 * @param format the layout version, {@link #FORMAT}
 * @param configSha256 the run's config hash, so a checkpoint cannot be resumed into another run
 * @param epochsCompleted epochs finished
 * @param batchesDone batches of the next epoch already trained (0 at an epoch's end)
 * @param steps optimisation steps taken
 * @param epochSums running sums of the current epoch's logged values
 * @param epochSteps steps in {@code epochSums}
 * @param windowSums running sums since the last metrics line
 * @param windowSteps steps in {@code windowSums}
 * @param metricsLines lines of {@code metrics.jsonl} written when the checkpoint was taken
 * @param trainSeconds training time so far
 * @param lastEpochTrain the last finished epoch's train means ({@code train/...}), empty before the first
 * @param savedAt ISO-8601 UTC
 */
public record CheckpointState(Integer format, String configSha256, Integer epochsCompleted, Integer batchesDone, Long steps,
        LinkedHashMap<String, Double> epochSums, Long epochSteps, LinkedHashMap<String, Double> windowSums,
        Long windowSteps, Long metricsLines, Double trainSeconds, LinkedHashMap<String, Double> lastEpochTrain,
        String savedAt) {

    /** The current layout of a checkpoint. */
    public static final int FORMAT = 1;

    /**
     * @param configSha256 the run's config hash
     * @param position where training stands
     * @param metricsLines lines in metrics.jsonl
     * @param trainSeconds training time so far
     * @param lastEpochTrain the last finished epoch's means
     * @param savedAt now
     * @return the state
     */
    public static CheckpointState of(String configSha256, TrainingLoop.Position position, long metricsLines,
            double trainSeconds, Map<String, Double> lastEpochTrain, String savedAt) {
        return new CheckpointState(FORMAT, configSha256, position.epochsCompleted(), position.batchesDone(),
                position.steps(), new LinkedHashMap<>(position.epochSums()), position.epochSteps(),
                new LinkedHashMap<>(position.windowSums()), position.windowSteps(), metricsLines, trainSeconds,
                new LinkedHashMap<>(lastEpochTrain), savedAt);
    }

    /** @return the training position to restore */
    public TrainingLoop.Position position() {
        return new TrainingLoop.Position(epochsCompleted, batchesDone, steps, epochSums, epochSteps, windowSums,
                windowSteps);
    }

    /** @return the names of required fields that are missing or out of range; empty when the state is whole */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> required = new LinkedHashMap<>();
        required.put("format", format);
        required.put("configSha256", configSha256);
        required.put("epochsCompleted", epochsCompleted);
        required.put("batchesDone", batchesDone);
        required.put("steps", steps);
        required.put("epochSums", epochSums);
        required.put("epochSteps", epochSteps);
        required.put("windowSums", windowSums);
        required.put("windowSteps", windowSteps);
        required.put("metricsLines", metricsLines);
        required.put("trainSeconds", trainSeconds);
        required.put("lastEpochTrain", lastEpochTrain);
        required.forEach((name, value) -> {
            if (value == null) {
                problems.add("'" + name + "' is missing");
            } else if (value instanceof Number n && n.doubleValue() < 0) {
                problems.add("'" + name + "' is negative");
            }
        });
        if (format != null && format != FORMAT) {
            problems.add("format " + format + " is not " + FORMAT + " (written by another vaelab version)");
        }
        return problems;
    }
}
