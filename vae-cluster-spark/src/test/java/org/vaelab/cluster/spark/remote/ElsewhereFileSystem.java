package org.vaelab.cluster.spark.remote;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * A Hadoop file system of its own URL scheme, {@code elsewhere:///path}, that stores on the local disk: the remote
 * output root of tests, reached only through Hadoop's FileSystem API as HDFS or S3A would be (configured with
 * {@code fs.elsewhere.impl}, or {@code spark.hadoop.fs.elsewhere.impl} for Spark).
 */
public class ElsewhereFileSystem extends RawLocalFileSystem {

    /** The scheme. */
    public static final String SCHEME = "elsewhere";

    /** The Hadoop setting that registers it. */
    public static final String IMPL_KEY = "fs." + SCHEME + ".impl";

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    /**
     * @param folder a local folder
     * @return its URL on this file system
     */
    public static String url(java.nio.file.Path folder) {
        return SCHEME + "://" + folder.toAbsolutePath();
    }
}
