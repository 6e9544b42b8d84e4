package org.vaelab.experiments.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's peak resident set size. */
public final class PeakMemory {

    private PeakMemory() {}

    /** @return peak RSS in MiB ({@code VmHWM} of {@code /proc/self/status}), or -1 where that is not available */
    public static double peakRssMiB() {
        return field("VmHWM:");
    }

    /** @return current RSS in MiB ({@code VmRSS}), or -1 */
    public static double rssMiB() {
        return field("VmRSS:");
    }

    private static double field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) / 1024.0;        // kB
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
