package org.vaelab.experiments.run;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named points in the write path where a test can stop or break the process (as etcd's and TiKV's
 * failpoints do), to prove that a kill or a full disk at exactly that moment loses nothing. Off unless a
 * system property names the point, so production runs pay one map lookup per point:
 * <ul>
 *   <li>{@code -Dvaelab.failpoint.pause=NAME[#N]}: at the N-th time (default first) the point is reached,
 *       print {@code failpoint NAME} to stderr and sleep, waiting to be killed;</li>
 *   <li>{@code -Dvaelab.failpoint.slow=NAME:MILLIS}: sleep that long each time the point is reached (to send
 *       a signal in the middle of a short run);</li>
 *   <li>{@code -Dvaelab.failpoint.diskFull=NAME}: throw "No space left on device" there.</li>
 * </ul>
 */
public final class FailPoints {

    private static final Map<String, AtomicInteger> REACHED = new ConcurrentHashMap<>();

    private FailPoints() {}

    /**
     * Marks that execution reached a point.
     *
     * @param name the point, such as {@code checkpoint/model-written}
     * @throws IOException when a test asks for a full disk here
     */
    public static void reach(String name) throws IOException {
        String diskFull = System.getProperty("vaelab.failpoint.diskFull");
        if (name.equals(diskFull)) {
            throw new IOException("No space left on device");
        }
        String slow = System.getProperty("vaelab.failpoint.slow");
        if (slow != null && slow.startsWith(name + ":")) {
            sleep(Long.parseLong(slow.substring(name.length() + 1)));
        }
        String pause = System.getProperty("vaelab.failpoint.pause");
        if (pause == null) {
            return;
        }
        int hash = pause.indexOf('#');
        String point = hash < 0 ? pause : pause.substring(0, hash);
        int occurrence = hash < 0 ? 1 : Integer.parseInt(pause.substring(hash + 1));
        if (point.equals(name) && REACHED.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet() == occurrence) {
            System.err.println("failpoint " + name);
            System.err.flush();
            sleep(600_000);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #reach} where no I/O error can be injected. */
    public static void pass(String name) {
        try {
            reach(name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
