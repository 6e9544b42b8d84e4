/**
 * Sweep folders on a Hadoop file system (HDFS, S3A, ...): trials staged locally on the executors and copied up
 * whole, and the driver's local mirror for the table.
 */
package org.vaelab.cluster.spark.remote;
