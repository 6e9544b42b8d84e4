package org.vaelab.engine.threads;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of threads (the caller plus {@code size - 1} helpers) that run one task together, many
 * times a second, with a barrier inside the task.
 *
 * <p>Why not an {@code ExecutorService} and a {@code CyclicBarrier}: both park waiting threads, and
 * waking a parked thread costs a system call and, on a virtual machine whose CPU has gone idle, a
 * round trip through the host, twice per training step of a few milliseconds. The team's threads spin
 * (with {@link Thread#onSpinWait}) while work is expected and park after {@value #IDLE_MS} ms without
 * any (each run unparks them), so an idle team burns no CPU. With more threads than processors,
 * spinning would only steal time from the thread being waited for, so they yield instead.
 */
public final class SpinTeam implements AutoCloseable {

    /** Work for member {@code index} of the team (0 is the caller). */
    public interface Task {
        void run(int index) throws Exception;
    }

    private static final long IDLE_MS = 20;

    private final int size;
    private final boolean spin;
    private final Thread[] helpers;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile long generation;
    private volatile int barrierPhase;
    private volatile boolean broken;
    private volatile boolean closed;
    private volatile Task task;
    private volatile Throwable[] failures;

    /** @param size threads in the team, the caller included */
    public SpinTeam(int size) {
        this.size = size;
        this.spin = Runtime.getRuntime().availableProcessors() >= size;
        this.helpers = new Thread[size - 1];
        for (int i = 1; i < size; i++) {
            int index = i;
            Thread t = new Thread(() -> helperLoop(index), "vaelab-engine-" + i);
            t.setDaemon(true);                              // never keeps the JVM alive
            helpers[i - 1] = t;
            t.start();
        }
    }

    /** @return threads in the team */
    public int size() {
        return size;
    }

    /**
     * Runs {@code task} on every member and returns when all are done.
     *
     * @param task the work; member 0 runs on the calling thread
     * @return the failure to report (a member's own error before another's broken barrier), or null
     */
    public Throwable run(Task task) {
        Throwable[] f = new Throwable[size];
        this.failures = f;
        this.task = task;
        this.broken = false;
        arrived.set(0);                                     // a failed run may have left the barrier half full
        running.set(size - 1);
        generation++;                                       // volatile write: publishes the task
        for (Thread h : helpers) {
            LockSupport.unpark(h);                          // in case it went idle
        }
        try {
            task.run(0);
        } catch (Throwable e) {
            f[0] = e;
            broken = true;
        }
        while (running.get() > 0) {
            pause();
        }
        Throwable first = null;
        for (Throwable e : f) {
            if (e != null && (first == null || first instanceof BrokenBarrier)) {
                first = e;
            }
        }
        return first;
    }

    /**
     * {@link #run}, rethrowing a member's failure: unchecked exceptions and errors as they are, anything else
     * wrapped.
     *
     * @param task the work; member 0 runs on the calling thread
     */
    public void runAll(Task task) {
        Throwable failure = run(task);
        if (failure instanceof RuntimeException e) {
            throw e;
        } else if (failure instanceof Error e) {
            throw e;
        } else if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /**
     * Waits until every member has called it in this run (a sense-reversing spin barrier).
     *
     * @throws BrokenBarrier if a member failed before reaching it
     */
    public void await() {
        int phase = barrierPhase;
        if (arrived.incrementAndGet() == size) {
            arrived.set(0);
            barrierPhase = phase + 1;
            return;
        }
        while (barrierPhase == phase) {
            if (broken) {
                throw new BrokenBarrier();
            }
            pause();
        }
    }

    private void pause() {
        if (spin) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    private void helperLoop(int index) {
        long seen = 0;
        while (!closed) {
            long idleSince = System.nanoTime();
            long g;
            while ((g = generation) == seen && !closed) {
                if (System.nanoTime() - idleSince > IDLE_MS * 1_000_000) {
                    LockSupport.parkNanos(100_000_000);    // idle: sleep until run() unparks (or 0.1 s passes)
                } else {
                    pause();
                }
            }
            if (closed) {
                return;
            }
            seen = g;
            try {
                task.run(index);
            } catch (Throwable e) {
                failures[index] = e;
                broken = true;
            }
            running.decrementAndGet();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread h : helpers) {
            LockSupport.unpark(h);
        }
    }

    /** Another member failed before the barrier; its own error is the one reported. */
    static final class BrokenBarrier extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BrokenBarrier() {
            super("another thread of the team failed", null, false, false);
        }
    }
}
