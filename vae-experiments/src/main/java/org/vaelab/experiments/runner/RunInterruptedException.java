package org.vaelab.experiments.runner;

import org.vaelab.api.UserInputException;

/**
 * A run stopped on request after writing a checkpoint: by SIGINT or SIGTERM (status {@code interrupted}), or
 * paused by a sweep's successive halving at the end of a rung (status {@code paused});
 * {@code vaelab resume} continues it.
 */
public final class RunInterruptedException extends UserInputException {
    private static final long serialVersionUID = 1L;

    private final int exitStatus;
    private final String status;

    /**
     * @param message what happened and how to continue
     * @param exitStatus the status to exit with (128 + the signal's number)
     */
    RunInterruptedException(String message, int exitStatus) {
        this(message, exitStatus, "interrupted");
    }

    /**
     * @param message what happened and how to continue
     * @param exitStatus the status to exit with
     * @param status the run's status: {@code interrupted} or {@code paused}
     */
    RunInterruptedException(String message, int exitStatus, String status) {
        super(message);
        this.exitStatus = exitStatus;
        this.status = status;
    }

    /** @return the status the run was left in */
    public String status() {
        return status;
    }

    /** @return the status to exit with */
    public int exitStatus() {
        return exitStatus;
    }
}
