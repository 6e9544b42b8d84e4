package org.vaelab.experiments.sweep;

import java.io.PrintStream;
import java.util.Map;
import java.util.function.Supplier;
import org.vaelab.experiments.plugins.Framework;

/**
 * Makes a {@link TrialExecutor} chosen by name ({@code vaelab sweep --executor NAME}). Providers are found with
 * {@link java.util.ServiceLoader} (listed in {@code META-INF/services/org.vaelab.experiments.sweep.TrialExecutorProvider}),
 * so an optional module such as {@code vae-cluster-spark} adds one by being on the class path.
 */
public interface TrialExecutorProvider {

    /**
     * What the sweep asks of the executor.
     *
     * @param master where the trials run, e.g. {@code local[2]} or {@code spark://host:7077}; null for the
     *     executor's default
     * @param conf {@code --conf KEY=VALUE} settings for the executor
     * @param outputRoot where the sweep folder goes ({@code --out}), which the executor's workers must reach: a
     *     folder, or a URL such as {@code hdfs://namenode/runs} for an executor that supports it
     */
    record Options(String master, Map<String, String> conf, String outputRoot) {
        /** Copies the settings. */
        public Options {
            conf = Map.copyOf(conf);
        }
    }

    /** @return the name {@code --executor} selects it by */
    String name();

    /**
     * @param framework the started framework (the driver's)
     * @param options the sweep's executor options
     * @param out where to print what happens
     * @param stopRequest the stop signal once one arrived, else null
     * @return the executor, open until closed
     * @throws org.vaelab.api.UserInputException when the options are wrong or the executor cannot start
     */
    TrialExecutor open(Framework framework, Options options, PrintStream out, Supplier<String> stopRequest);
}
