package org.vaelab.experiments.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/** A run's status as the commands that list runs report it. */
public final class RunStatus {

    /** The status of a run whose provenance says running but whose process is gone. */
    public static final String STALE = "stale";

    private RunStatus() {}

    /**
     * @param dir the run directory
     * @param provenance its provenance.json
     * @return {@code completed}, {@code failed}, {@code interrupted}, {@code running} (a live process holds it),
     *     or {@value #STALE} (left {@code running} by a process that died: {@code vaelab resume} continues it)
     */
    public static String of(Path dir, JsonNode provenance) {
        String status = provenance.path("status").asText("unknown");
        if ("running".equals(status) && !RunLock.isHeld(dir)) {
            return STALE;
        }
        return status;
    }

    /**
     * @param dir the run directory
     * @param status its status from {@link #of}
     * @return what to do about a run that did not complete
     */
    public static String advice(Path dir, String status) {
        return switch (status) {
            case STALE -> "left running by a process that died; continue it with vaelab resume " + dir;
            case "interrupted" -> "stopped by a signal after a checkpoint; continue it with vaelab resume " + dir;
            case "paused" -> "paused by a sweep's successive halving (it ranked below the cut at a rung); vaelab resume "
                    + dir + " trains it to the end";
            case "failed" -> "failed; see the error in its provenance.json (vaelab resume " + dir + " retries from its checkpoint)";
            case "running" -> "still running";
            default -> "status " + status;
        };
    }
}
