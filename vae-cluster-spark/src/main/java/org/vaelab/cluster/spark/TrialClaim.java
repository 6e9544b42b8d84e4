package org.vaelab.cluster.spark;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.vaelab.api.UserInputException;

/**
 * A trial's claim in the shared sweep folder, held while one task attempt runs it: an OS file lock on
 * {@code <sweep>/.trials/<config hash>.lock}. A second attempt of the same trial (a zombie attempt on an executor
 * the driver gave up on) waits for the first instead of finding no run directory and making a second one; a
 * killed executor's claim goes with its process. The run directory's own {@code .lock} only exists once the
 * run directory does.
 */
final class TrialClaim implements AutoCloseable {

    /** The folder of claims, hidden, so that tables and the dashboard do not list it. */
    static final String FOLDER = ".trials";

    private static final long POLL_MILLIS = 500;

    private final FileChannel channel;
    private final FileLock lock;

    private TrialClaim(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param sweepDir the sweep folder
     * @param configSha256 the trial's config hash
     * @return the claim, once no other attempt holds it
     * @throws UserInputException when the claim file cannot be written
     */
    static TrialClaim acquire(Path sweepDir, String configSha256) {
        Path file = sweepDir.resolve(FOLDER).resolve(configSha256 + ".lock");
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                while (true) {
                    FileLock lock;
                    try {
                        lock = channel.tryLock();
                    } catch (OverlappingFileLockException e) {
                        lock = null;                  // another task in this JVM holds it
                    }
                    if (lock != null) {
                        return new TrialClaim(channel, lock);
                    }
                    Thread.sleep(POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                channel.close();
                Thread.currentThread().interrupt();
                throw new UserInputException("interrupted while waiting for another attempt of the trial to finish", e);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UserInputException("cannot claim the trial in " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the lock goes with the channel, and with the process at the latest
        }
    }
}
