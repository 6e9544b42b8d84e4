package org.vaelab.cluster.spark;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import org.vaelab.experiments.plugins.Framework;
import org.vaelab.experiments.sweep.TrialExecutor;
import org.vaelab.experiments.sweep.TrialExecutorProvider;

/** {@code vaelab sweep --executor spark}: found through ServiceLoader when this module is on the class path. */
public final class SparkTrialsProvider implements TrialExecutorProvider {

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public TrialExecutor open(Framework framework, Options options, PrintStream out, Supplier<String> stopRequest) {
        // under spark-submit the master comes as the spark.master property; alone, the embedded master
        String url = options.master() != null ? options.master() : System.getProperty("spark.master", "local[*]");
        SparkSettings settings = new SparkSettings(MasterUrl.parse(url), options.conf());
        settings.master().requireReachable(settings.connectTimeoutSeconds() * 1000);
        if (settings.master().isLocal()) {
            quietLocalWarnings();
        }
        return new SparkTrials(framework, settings, out, stopRequest);
    }

    /**
     * The embedded master's start-up warnings are about a cluster it does not have (which network address
     * executors would reach it on; Hadoop's native library, which vaelab never uses): not shown in the terminal.
     */
    private static void quietLocalWarnings() {
        for (String name : List.of("org.apache.spark.util.Utils", "org.apache.hadoop.util.NativeCodeLoader")) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
                logger.setLevel(ch.qos.logback.classic.Level.ERROR);
            }
        }
    }
}
