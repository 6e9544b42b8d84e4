package org.vaelab.experiments.checkpoint;

import java.util.function.Supplier;

/**
 * When to pause training inside an epoch for a checkpoint: every N steps, every M minutes of training,
 * or at once when a stop was requested. Pausing changes no number, so a time-based schedule keeps runs
 * reproducible.
 */
public final class CheckpointSchedule {

    private final Integer everySteps;
    private final long everyNanos;
    private final Supplier<String> stopRequest;
    private long lastSaved = System.nanoTime();

    /**
     * @param everySteps steps between checkpoints, or null for none by step count
     * @param everyMinutes minutes of training between checkpoints, or null for none by time
     * @param stopRequest the stop signal received, or null
     */
    public CheckpointSchedule(Integer everySteps, Double everyMinutes, Supplier<String> stopRequest) {
        this.everySteps = everySteps;
        this.everyNanos = everyMinutes == null ? Long.MAX_VALUE : (long) (everyMinutes * 60e9);
        this.stopRequest = stopRequest;
    }

    /**
     * @param step steps taken
     * @return whether to checkpoint after this step
     */
    public boolean due(long step) {
        return stopRequest.get() != null
                || (everySteps != null && step % everySteps == 0)
                || System.nanoTime() - lastSaved >= everyNanos;
    }

    /** @return whether the time since the last checkpoint calls for one (at an epoch's end) */
    public boolean dueByTime() {
        return System.nanoTime() - lastSaved >= everyNanos;
    }

    /** Records that a checkpoint was written now. */
    public void saved() {
        lastSaved = System.nanoTime();
    }
}
