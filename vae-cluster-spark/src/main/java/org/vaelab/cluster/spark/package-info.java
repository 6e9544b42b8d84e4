/**
 * Apache Spark as a sweep's trial executor ({@code vaelab sweep --executor spark}): each trial is one Spark task
 * that runs the in-process trial logic on an executor, writing its run directory to the shared output folder.
 */
package org.vaelab.cluster.spark;
