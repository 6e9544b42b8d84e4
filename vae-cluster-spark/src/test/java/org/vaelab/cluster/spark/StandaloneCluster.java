package org.vaelab.cluster.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on 127.0.0.1 from the Maven jars: a master and one worker, each a child JVM on the
 * test's class path, as {@code start-master.sh} and {@code start-worker.sh} would start them from a Spark
 * installation. The worker starts executors with the class path the application gives in
 * {@code spark.executor.extraClassPath}; its Spark home is an empty folder that looks like an installation
 * (a {@code RELEASE} file, an empty {@code jars/}).
 */
final class StandaloneCluster implements AutoCloseable {

    private final Process master;
    private final Process worker;
    private final String url;
    private final Path logs;

    private StandaloneCluster(Process master, Process worker, String url, Path logs) {
        this.master = master;
        this.worker = worker;
        this.url = url;
        this.logs = logs;
    }

    /**
     * @param dir a folder for the cluster's Spark home, work folder and logs
     * @param cores the worker's cores
     * @param memory the worker's memory for executors, e.g. {@code 2g}
     * @return the cluster, once its master accepts connections
     */
    static StandaloneCluster start(Path dir, int cores, String memory) throws IOException, InterruptedException {
        Path home = Files.createDirectories(dir.resolve("spark-home"));
        Files.createDirectories(home.resolve("jars"));
        Files.writeString(home.resolve("RELEASE"), "Spark from the Maven jars, for vaelab's tests\n");
        Path logs = Files.createDirectories(dir.resolve("logs"));
        int masterPort = freePort();
        String url = "spark://127.0.0.1:" + masterPort;
        Process master = java(home, logs.resolve("master.log"), "org.apache.spark.deploy.master.Master", "--host",
                "127.0.0.1", "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(freePort()));
        awaitPort(masterPort, master);
        Process worker = java(home, logs.resolve("worker.log"), "org.apache.spark.deploy.worker.Worker", "--host",
                "127.0.0.1", "--port", Integer.toString(freePort()), "--webui-port", Integer.toString(freePort()),
                "--cores", Integer.toString(cores), "--memory", memory, "--work-dir",
                Files.createDirectories(dir.resolve("work")).toString(), url);
        return new StandaloneCluster(master, worker, url, logs);
    }

    /** @return the test JVM's class path, which the cluster's JVMs run with (surefire hides it behind a jar) */
    static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** @return the master's URL */
    String url() {
        return url;
    }

    /** @return the executor JVMs the worker runs now, found by their main class */
    List<ProcessHandle> executors() {
        return worker.descendants().filter(p -> commandLine(p).contains("org.apache.spark.executor.CoarseGrainedExecutorBackend"))
                .toList();
    }

    /** ProcessHandle.Info cuts a command line at 4 KB, which this class path fills: read it from /proc. */
    private static String commandLine(ProcessHandle process) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return process.info().commandLine().orElse("");
        }
    }

    /** @return the master's and the worker's logs, for a failure message */
    String logs() {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("master.log", "worker.log")) {
            try {
                List<String> lines = Files.readAllLines(logs.resolve(name));
                text.append("--- ").append(name).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()))).append('\n');
            } catch (IOException e) {
                text.append("--- ").append(name).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return text.toString();
    }

    private static Process java(Path sparkHome, Path log, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classPath(), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");     // else found from a source build's folders
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitPort(int port, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the Spark master did not listen on port " + port);
    }

    @Override
    public void close() {
        for (Process p : List.of(worker, master)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException("interrupted while stopping the cluster", e));
            }
        }
    }
}
