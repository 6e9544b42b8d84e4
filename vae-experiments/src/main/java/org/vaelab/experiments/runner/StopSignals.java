package org.vaelab.experiments.runner;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM (kill, a cluster scheduler's stop) into a request to stop at the next
 * step boundary, so the run writes a checkpoint and is marked {@code interrupted} instead of dying mid-write
 * with {@code running} in its provenance. A second signal stops at once, as the system would. Uses
 * {@code sun.misc.Signal} (module jdk.unsupported): the JDK's only way to handle a signal without
 * starting the JVM's shutdown, during which the training thread could not be relied on to finish a step.
 */
public final class StopSignals implements AutoCloseable, Supplier<String> {

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile String received;

    private StopSignals() {}

    /**
     * @param out where to say that a stop was requested
     * @return the installed handlers, until closed
     */
    public static StopSignals install(PrintStream out) {
        StopSignals s = new StopSignals();
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal signal = new Signal(name);
                s.previous.add(Signal.handle(signal, sig -> s.onSignal(sig, out)));
                s.signals.add(signal);
            } catch (IllegalArgumentException e) {
                // the signal is not available here (e.g. the JVM runs with -Xrs): the default behaviour stays
            }
        }
        return s;
    }

    private void onSignal(Signal sig, PrintStream out) {
        if (received != null) {                     // the second one: stop now, as without a handler
            Runtime.getRuntime().halt(128 + sig.getNumber());
        }
        received = "SIG" + sig.getName();
        out.println();
        out.println("received " + received + ": stopping after the current step and writing a checkpoint "
                + "(send it again to stop at once, losing the steps since the last checkpoint)");
        out.flush();
    }

    /** @return the signal received ({@code SIGINT}, {@code SIGTERM}), or null */
    @Override
    public String get() {
        return received;
    }

    /**
     * @param signal {@code SIGINT} or {@code SIGTERM}
     * @return the exit status a shell expects after that signal (128 + its number)
     */
    public static int exitStatus(String signal) {
        return "SIGINT".equals(signal) ? 130 : 143;
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
