package org.vaelab.cluster.spark;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import org.vaelab.api.UserInputException;
import org.vaelab.experiments.plugins.Framework;
import org.vaelab.experiments.sweep.TrialExecutor;
import org.vaelab.experiments.sweep.TrialExecutorProvider;

/** {@code vaelab sweep --executor spark}: found through ServiceLoader when this module is on the class path. */
public final class SparkTrialsProvider implements TrialExecutorProvider {

    /** A URL scheme, as a Path keeps it: {@code hdfs://nn/x} reads {@code hdfs:/nn/x}. */
    private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:/.*");

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public TrialExecutor open(Framework framework, Options options, PrintStream out, Supplier<String> stopRequest) {
        if (options.outputRoot() != null && URL.matcher(options.outputRoot().toString()).matches()) {
            throw new UserInputException("--out " + options.outputRoot() + ": the spark executor writes run directories to "
                    + "a local or shared, mounted folder (the same path on every executor); Hadoop file system URLs are "
                    + "not supported yet (docs/cluster.md)");
        }
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
