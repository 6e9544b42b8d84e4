package org.vaelab.cluster.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import org.apache.spark.deploy.SparkHadoopUtil;

/** Hadoop's configuration on an executor: the cluster's (HADOOP_CONF_DIR) with the job's spark.hadoop.* settings. */
final class ExecutorHadoop {

    private ExecutorHadoop() {}

    /** @return the configuration the executor's file systems open with */
    static Configuration conf() {
        SparkEnv env = SparkEnv.get();
        return env == null ? new Configuration() : SparkHadoopUtil.get().newConfiguration(env.conf());
    }
}
