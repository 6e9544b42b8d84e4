package org.vaelab.experiments.runner;

import org.vaelab.api.UserInputException;

/** A run stopped on request (SIGINT or SIGTERM) after writing a checkpoint; {@code vaelab resume} continues it. */
public final class RunInterruptedException extends UserInputException {
    private static final long serialVersionUID = 1L;

    private final int exitStatus;

    /**
     * @param message what happened and how to continue
     * @param exitStatus the status to exit with (128 + the signal's number)
     */
    RunInterruptedException(String message, int exitStatus) {
        super(message);
        this.exitStatus = exitStatus;
    }

    /** @return the status to exit with */
    public int exitStatus() {
        return exitStatus;
    }
}
