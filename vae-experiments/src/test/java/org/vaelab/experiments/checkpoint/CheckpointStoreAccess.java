package org.vaelab.experiments.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** Test access to the checksum a manifest records. */
public final class CheckpointStoreAccess {

    private CheckpointStoreAccess() {}

    /** @return the file's SHA-256, as the manifest writes it */
    public static String sha256(Path file) throws IOException {
        return CheckpointStore.sha256(file);
    }
}
