package org.vaelab.cluster.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.vaelab.api.UserInputException;

/**
 * The Spark configuration of a sweep: the user's {@code --conf} settings (and, under spark-submit, its
 * {@code spark.*} properties) over vaelab's defaults.
 *
 * @param master the master
 * @param userConf the {@code --conf} settings
 */
record SparkSettings(MasterUrl master, Map<String, String> userConf) {

    /** How long to wait for the first executor of a cluster before giving up with a message (seconds). */
    static final String EXECUTOR_TIMEOUT = "spark.vaelab.executorTimeout";
    /** How long to wait for a standalone master to accept a connection (seconds). */
    static final String CONNECT_TIMEOUT = "spark.vaelab.connectTimeout";

    /** The local folder that mirrors a sweep folder whose --out is a Hadoop file system URL. */
    static final String MIRROR = "spark.vaelab.mirror";

    private static final String VECTOR_MODULE = "--add-modules jdk.incubator.vector";

    /** Copies the settings and refuses the ones that would break the sweep's guarantees. */
    SparkSettings {
        userConf = new LinkedHashMap<>(userConf);
        if ("true".equalsIgnoreCase(userConf.getOrDefault("spark.speculation", "false").strip())) {
            // a speculative copy would train the same trial beside the first attempt, to no use
            throw new UserInputException("--conf spark.speculation=true is not supported: a trial's attempts must run one "
                    + "after another, each continuing the run directory of the last");
        }
        seconds(userConf, EXECUTOR_TIMEOUT, 120);
        seconds(userConf, CONNECT_TIMEOUT, 10);
    }

    /** @return seconds to wait for the first executor */
    int executorTimeoutSeconds() {
        return seconds(userConf, EXECUTOR_TIMEOUT, 120);
    }

    /** @return seconds to wait for a standalone master's connection */
    int connectTimeoutSeconds() {
        return seconds(userConf, CONNECT_TIMEOUT, 10);
    }

    /**
     * @param threads the most {@code training.threads} of the sweep's trials
     * @return the configuration to start Spark with
     * @throws UserInputException when the embedded master has fewer cores than a task needs
     */
    SparkConf conf(int threads) {
        SparkConf conf = new SparkConf();               // loads spark.* system properties, as spark-submit sets them
        conf.setMaster(master.url());
        conf.setIfMissing("spark.app.name", "vaelab sweep");
        userConf.forEach(conf::set);
        // a task gets as many cores as its trial's engine uses: threads is part of the config (results depend on
        // it), so the task is sized to the engine, and executors never run more engine threads than cores
        conf.setIfMissing("spark.task.cpus", Integer.toString(threads));
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        // ND4J's own OpenMP threads, as the launcher sets them: one, beside the engine's threads
        String omp = System.getenv("OMP_NUM_THREADS");
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", omp == null ? "1" : omp);
        // the compiled engine's kernels use the JDK's vector API, as in the launcher's JVM
        String javaOptions = conf.get("spark.executor.extraJavaOptions", "");
        if (!javaOptions.contains("jdk.incubator.vector")) {
            conf.set("spark.executor.extraJavaOptions", (javaOptions + " " + VECTOR_MODULE).strip());
        }
        int taskCpus = positive(conf.get("spark.task.cpus"), "spark.task.cpus");
        if (master.isLocal() && taskCpus > master.localCores()) {
            throw new UserInputException("a trial needs " + taskCpus + " cores (spark.task.cpus, from training.threads: "
                    + threads + ") but --master " + master.url() + " has " + master.localCores() + "; use --master 'local["
                    + taskCpus + "]' or more, or set training.threads lower");
        }
        return conf;
    }

    private static int seconds(Map<String, String> conf, String key, int fallback) {
        return conf.containsKey(key) ? positive(conf.get(key), key) : fallback;
    }

    private static int positive(String value, String key) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserInputException("--conf " + key + "=" + value + ": expected a whole number above 0");
    }
}
