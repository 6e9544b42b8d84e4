package org.vaelab.cluster.spark;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.vaelab.api.UserInputException;
import org.vaelab.cluster.spark.remote.HadoopFolders;
import org.vaelab.cluster.spark.remote.RemoteSweep;
import org.vaelab.experiments.config.ConfigLoader;
import org.vaelab.experiments.plugins.Framework;
import org.vaelab.experiments.run.JsonFiles;
import org.vaelab.experiments.run.RunStatus;
import org.vaelab.experiments.sweep.TrialExecutor;

/**
 * Runs each round of trials (a sweep, or a successive-halving rung) as one Spark job of one task per trial. The
 * Spark context starts with the first round, when the trials' threads are known (they size the tasks), and
 * stops on {@link #close()}. Task failures (a lost executor) are retried by Spark (spark.task.maxFailures); a
 * retried task continues the run directory that its earlier attempt left.
 */
final class SparkTrials implements TrialExecutor {

    private static final long POLL_MILLIS = 200;

    private final Framework framework;
    private final SparkSettings settings;
    private final PrintStream out;
    private final Supplier<String> stopRequest;
    private JavaSparkContext spark;
    private Path lastSweep;
    private RemoteSweep remote;              // --out is a Hadoop file system URL: the sweep folder is mirrored here

    SparkTrials(Framework framework, SparkSettings settings, PrintStream out, Supplier<String> stopRequest) {
        this.framework = framework;
        this.settings = settings;
        this.out = out;
        this.stopRequest = stopRequest;
    }

    @Override
    public Path localOutputRoot(String requested) {
        if (!TrialExecutor.isUrl(requested)) {
            return Path.of(requested);
        }
        // the scheme is checked before any folder is made (and before Spark starts), with the Hadoop settings Spark
        // would derive from the same --conf
        org.apache.spark.SparkConf spark = new org.apache.spark.SparkConf();
        settings.userConf().forEach(spark::set);
        HadoopFolders.requireFileSystem(requested, ExecutorHadoop.conf(spark));
        String mirror = settings.userConf().get(SparkSettings.MIRROR);
        remote = new RemoteSweep(requested, mirror != null ? Path.of(mirror) : RemoteSweep.defaultMirror(requested));
        return remote.mirrorRoot();
    }

    @Override
    public String execute(Trial trial) {
        return executeAll(List.of(trial)).get(0);
    }

    @Override
    public List<String> executeAll(List<Trial> trials) {
        if (trials.isEmpty()) {
            return List.of();
        }
        JavaSparkContext context = context(trials);
        Path sweepDir = trials.get(0).sweepDir();
        lastSweep = sweepDir;
        String remoteSweep = null;
        Map<String, Path> published = Map.of();
        if (remote != null) {
            if (remote.open(sweepDir, context.hadoopConfiguration(), framework.json())) {
                out.println("sweep: runs go to " + remote.sweepUrl(sweepDir) + "; " + sweepDir
                        + " mirrors them without checkpoints for the table");
            }
            remote.push(sweepDir);
            remoteSweep = remote.sweepUrl(sweepDir);
            published = TrialExecutor.runDirectories(sweepDir, framework.json());
        }
        ConfigLoader loader = new ConfigLoader(framework);
        List<TrialTask> tasks = new ArrayList<>();
        for (Trial t : trials) {
            Path run = published.get(t.configSha256());
            tasks.add(TrialTask.of(t, loader.toCanonicalJson(t.config()), !settings.master().isLocal(), remoteSweep,
                    run == null ? null : run.getFileName().toString()));
        }
        out.println("sweep: " + tasks.size() + " run(s) as Spark tasks on " + settings.master().url() + " ("
                + context.getConf().get("spark.task.cpus") + " core(s) each)");
        context.setJobDescription("vaelab sweep " + trials.get(0).sweepDir().getFileName() + ": " + tasks.size() + " trials");
        JavaFutureAction<List<String>> job = context.parallelize(tasks, tasks.size()).map(new RunTrial()).collectAsync();
        try {
            return await(job, trials);
        } finally {
            if (remote != null) {
                remote.pull(sweepDir, framework.json());       // the ended runs, for the table and the rung's ranking
            }
        }
    }

    /** Runs one trial on an executor (a named class: a lambda would need this class's deserializer there). */
    private static final class RunTrial implements Function<TrialTask, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String call(TrialTask task) {
            return task.run();
        }
    }

    private List<String> await(JavaFutureAction<List<String>> job, List<Trial> trials) {
        while (true) {
            try {
                return job.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                String signal = stopRequest.get();
                if (signal != null) {
                    // the tasks see their attempt killed and stop after a checkpoint, like a signalled run; their
                    // threads are not interrupted, which would close the checkpoint's files under them
                    job.cancel(false);
                    waitForTasksToStop();
                    return outcomesAfterStop(trials, signal);
                }
            } catch (ExecutionException e) {
                throw new UserInputException("the Spark job failed: " + firstLine(e.getCause()) + "; the runs that finished "
                        + "are kept: run the same command again to continue the others from their checkpoints", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                job.cancel(true);
                throw new IllegalStateException("interrupted while waiting for the Spark job", e);
            }
        }
    }

    /** A cancelled job's stages end at once; its tasks run on until their runs have checkpointed. */
    private void waitForTasksToStop() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && java.util.Arrays.stream(spark.sc().statusTracker().getExecutorInfos())
                .mapToInt(org.apache.spark.SparkExecutorInfo::numRunningTasks).sum() > 0) {
            sleep(POLL_MILLIS);
        }
    }

    /** After a stop: the trials that got where they were asked to before it, and why the others did not. */
    private List<String> outcomesAfterStop(List<Trial> trials, String signal) {
        List<String> outcomes = new ArrayList<>();
        if (remote != null) {
            remote.pull(trials.get(0).sweepDir(), framework.json());
        }
        for (Trial t : trials) {
            Path run = TrialExecutor.runDirectories(t.sweepDir(), framework.json()).get(t.configSha256());
            String status = run == null ? "not started"
                    : RunStatus.of(run, JsonFiles.read(framework.json(), run.resolve("provenance.json")));
            boolean done = "completed".equals(status) || (run != null && t.pauseAfterEpoch() > 0 && t.rungKey() != null
                    && TrialExecutor.metricAt(run, t.pauseAfterEpoch(), t.rungKey(), framework.json()) != null);
            outcomes.add(done ? null : "stopped by " + signal + " (" + status + "); run the same command again to continue it");
        }
        return outcomes;
    }

    /** @return the Spark context, started on the first round with tasks as large as its trials' threads */
    private JavaSparkContext context(List<Trial> trials) {
        if (spark != null) {
            return spark;
        }
        int threads = trials.stream().mapToInt(t -> t.config().training().threads()).max().orElse(1);
        SparkConf conf = settings.conf(threads);
        if (settings.master().isLocal()) {
            ExecutorFramework.share(framework);
        }
        try {
            spark = new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            throw new UserInputException("Spark did not start on " + settings.master().url() + ": " + firstLine(e), e);
        }
        spark.setLogLevel("WARN");
        if (!settings.master().isLocal() && !conf.getBoolean("spark.dynamicAllocation.enabled", false)) {
            awaitExecutor(settings.executorTimeoutSeconds());
        }
        return spark;
    }

    /** A cluster without room for a task would leave the job waiting forever: say so instead. */
    private void awaitExecutor(int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (spark.sc().getExecutorIds().isEmpty()) {
            if (spark.sc().isStopped()) {
                throw new UserInputException("Spark stopped while waiting for an executor on " + settings.master().url()
                        + " (the master gave up on this application; its log says why)");
            }
            if (System.nanoTime() > deadline) {
                throw new UserInputException("no Spark executor joined within " + seconds + " s on " + settings.master().url()
                        + ": the cluster may have no worker with " + spark.getConf().get("spark.task.cpus") + " free core(s) "
                        + "(spark.task.cpus) and spark.executor.memory free; wait longer with --conf "
                        + SparkSettings.EXECUTOR_TIMEOUT + "=SECONDS");
            }
            sleep(POLL_MILLIS);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Spark", e);
        }
    }

    /** @return the first line of a Spark error (its message carries the remote stack trace after it) */
    static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse("").strip();
    }

    @Override
    public void close() {
        if (remote != null && remote.folders() != null && lastSweep != null) {
            remote.push(lastSweep);                                // the final table and search record
            remote.removeLeftovers(lastSweep);
        }
        if (spark != null) {
            spark.stop();
            spark = null;
        }
    }
}
