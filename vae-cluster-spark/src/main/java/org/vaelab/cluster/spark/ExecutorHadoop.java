package org.vaelab.cluster.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import org.apache.spark.deploy.SparkHadoopUtil;

/** Hadoop's configuration as Spark builds it: the cluster's (HADOOP_CONF_DIR) with the job's spark.hadoop.* settings. */
final class ExecutorHadoop {

    private ExecutorHadoop() {}

    /** @return the configuration the executor's file systems open with */
    static Configuration conf() {
        SparkEnv env = SparkEnv.get();
        return env == null ? new Configuration() : conf(env.conf());
    }

    /**
     * @param spark Spark's settings (spark.hadoop.* among them)
     * @return Hadoop's configuration as Spark derives it from them
     */
    static Configuration conf(org.apache.spark.SparkConf spark) {
        return SparkHadoopUtil.get().newConfiguration(spark);
    }
}
