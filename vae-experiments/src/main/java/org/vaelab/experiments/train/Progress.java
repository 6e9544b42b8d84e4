package org.vaelab.experiments.train;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress output for one epoch at a time: a progress bar on a terminal, plain lines otherwise. */
public interface Progress {

    /**
     * @param epoch 1-based epoch
     * @param epochs total epochs
     * @param steps steps in this epoch
     */
    void startEpoch(int epoch, int epochs, int steps);

    /**
     * @param loss the step's objective
     * @param imagesPerSecond training throughput so far in this epoch
     */
    void step(double loss, double imagesPerSecond);

    /** Ends the epoch's output. */
    void endEpoch();

    /** @return no output (tests, benchmarks) */
    static Progress silent() {
        return new Progress() {
            @Override
            public void startEpoch(int epoch, int epochs, int steps) {}

            @Override
            public void step(double loss, double imagesPerSecond) {}

            @Override
            public void endEpoch() {}
        };
    }

    /**
     * @param out where to print
     * @param terminal whether {@code out} is an interactive terminal
     * @return a progress bar (me.tongfei:progressbar) on a terminal, else about ten plain lines per epoch
     */
    static Progress console(PrintStream out, boolean terminal) {
        return terminal ? new Bar(out) : new Lines(out);
    }

    /** A progress bar per epoch. */
    final class Bar implements Progress {
        private final PrintStream out;
        private ProgressBar bar;

        Bar(PrintStream out) {
            this.out = out;
        }

        @Override
        public void startEpoch(int epoch, int epochs, int steps) {
            bar = new ProgressBarBuilder().setTaskName("epoch " + epoch + "/" + epochs).setInitialMax(steps)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out)).build();
        }

        @Override
        public void step(double loss, double imagesPerSecond) {
            bar.step();
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.2f  %.0f img/s", loss, imagesPerSecond));
        }

        @Override
        public void endEpoch() {
            bar.close();
        }
    }

    /** Plain lines for logs and pipes. */
    final class Lines implements Progress {
        private final PrintStream out;
        private int epoch;
        private int epochs;
        private int steps;
        private int done;
        private long started;

        Lines(PrintStream out) {
            this.out = out;
        }

        @Override
        public void startEpoch(int epoch, int epochs, int steps) {
            this.epoch = epoch;
            this.epochs = epochs;
            this.steps = steps;
            this.done = 0;
            this.started = System.nanoTime();
        }

        @Override
        public void step(double loss, double imagesPerSecond) {
            done++;
            int every = Math.max(1, steps / 10);
            if (done % every == 0 || done == steps) {
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                out.printf(Locale.ROOT, "epoch %d/%d  step %d/%d  loss %.3f  %.0f img/s  %ds%n", epoch, epochs, done,
                        steps, loss, imagesPerSecond, elapsed.toSeconds());
            }
        }

        @Override
        public void endEpoch() {}
    }
}
