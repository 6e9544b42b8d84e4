package org.vaelab.experiments.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.vaelab.api.UserInputException;

/**
 * The exclusive lock a process holds on a run directory while it writes to it ({@code train},
 * {@code resume}): an operating-system lock on {@code .lock}, which the system releases when the process
 * dies, however it dies. The file names the holder (PID and host) for the message a second writer gets.
 * A run whose provenance says {@code running} but whose lock nobody holds was left by a dead process:
 * it is stale.
 */
public final class RunLock implements AutoCloseable {

    /** The lock file in a run directory. */
    public static final String FILE = ".lock";

    /**
     * Locks held by this JVM, by the lock file's identity (which survives renaming the run directory).
     * POSIX drops every lock a process holds on a file when it closes any descriptor of that file, so this
     * JVM must never open a lock file it holds just to test it.
     */
    private static final Set<Object> HELD = ConcurrentHashMap.newKeySet();

    private final FileChannel channel;
    private final FileLock lock;
    private final Object key;

    private RunLock(FileChannel channel, FileLock lock, Object key) {
        this.channel = channel;
        this.lock = lock;
        this.key = key;
    }

    /**
     * @param dir a run directory
     * @return the lock, held until closed
     * @throws UserInputException naming the holder when another process (or this one) holds it
     */
    public static RunLock acquire(Path dir) {
        Path file = dir.resolve(FILE);
        if (Files.isRegularFile(file) && HELD.contains(fileKey(file))) {     // never open a lock file this JVM holds
            throw inUse(dir, "this process (" + ProcessHandle.current().pid() + ")");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Object key = fileKey(file);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                channel = null;
                throw inUse(dir, holder);
            }
            HELD.add(key);
            String me = "process " + ProcessHandle.current().pid() + " on " + host();
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new RunLock(channel, lock, key);
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // reporting the first error
                }
            }
            throw new UserInputException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param dir a run directory
     * @return whether some live process (this one included) holds its lock
     */
    public static boolean isHeld(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            if (HELD.contains(fileKey(file))) {
                return true;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    return true;
                }
                lock.release();
                return false;
            }
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;           // unreadable: nobody can be writing through it
        }
    }

    private static UserInputException inUse(Path dir, String holder) {
        return new UserInputException(dir + " is in use by " + holder + "; a run has one writer at a time (wait for it "
                + "to finish, or stop it with Ctrl-C or kill PID: it then checkpoints and stops)");
    }

    /** The file's identity (device and inode on Unix), or its absolute path where the system has none. */
    private static Object fileKey(Path file) {
        try {
            Object key = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            return key == null ? file.toAbsolutePath() : key;
        } catch (IOException e) {
            return file.toAbsolutePath();
        }
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
        return text.isEmpty() ? "another process" : text;
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "this machine";
        }
    }

    @Override
    public void close() {
        try {
            HELD.remove(key);
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the system releases the lock with the descriptor anyway
        }
    }
}
