package org.vaelab.cluster.spark.remote;

import java.util.function.Predicate;
import org.apache.hadoop.fs.Path;

/**
 * Where a sweep's files lie in a remote output root:
 * <pre>
 * &lt;root&gt;/&lt;sweep folder&gt;/
 *   sweep.json, table.md, search.json   written by the driver, as in a local sweep folder
 *   &lt;run directory&gt;/                    a run that ended (completed, failed, or paused at a rung), whole
 *   .trials/&lt;config hash&gt;/&lt;run&gt;/        a run being trained, as of its newest checkpoint (gone once it ends)
 *   .trials/&lt;config hash&gt;.name         the run directory's name, written once: a second attempt that started
 *                                       its own run directory beside the first does not publish it
 * </pre>
 *
 * @param sweep the sweep folder's URL
 */
record RemoteLayout(Path sweep) {

    /** Files a run directory holds only while a write is under way, never copied. */
    static final Predicate<String> TEMPORARY = name -> {
        String file = name.substring(name.lastIndexOf('/') + 1);
        return file.endsWith(".tmp") || file.startsWith(".") && file.contains(".download");
    };

    /** @return the folder of trials in progress */
    Path trials() {
        return new Path(sweep, ".trials");
    }

    /** @return the folder holding a trial's newest checkpointed run directory */
    Path state(String configSha256) {
        return new Path(trials(), configSha256);
    }

    /** @return the file naming a trial's run directory */
    Path name(String configSha256) {
        return new Path(trials(), configSha256 + ".name");
    }

    /** @return an ended run directory's place */
    Path run(String runName) {
        return new Path(sweep, runName);
    }
}
