package org.vaelab.cluster.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vaelab.api.UserInputException;

/**
 * A Spark master URL, checked before Spark sees it: Spark's own errors for a mistyped URL or a master that is
 * down are a stack trace, or a minute of retries and a hanging job.
 *
 * @param url the URL as given
 * @param localCores for {@code local[...]}: the cores the embedded master has; else 0
 */
record MasterUrl(String url, int localCores) {

    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|[1-9][0-9]*)(?:,\\s*([1-9][0-9]*))?])?");
    private static final Pattern STANDALONE = Pattern.compile("spark://(.+)");
    private static final Pattern HOST_PORT = Pattern.compile("\\[?([^\\[\\]]+?)]?:([0-9]{1,5})");

    private static final String USE = "use local[N] (embedded, N cores), spark://HOST:7077 (standalone), yarn, or "
            + "k8s://https://HOST:PORT";

    /**
     * @param url a master URL
     * @return it, checked
     * @throws UserInputException when it is not one Spark knows, or needs a module that is not on the class path
     */
    static MasterUrl parse(String url) {
        String u = url.strip();
        Matcher local = LOCAL.matcher(u);
        if (local.matches()) {
            int cores = local.group(1) == null ? 1
                    : "*".equals(local.group(1)) ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(local.group(1));
            return new MasterUrl(u, cores);
        }
        Matcher standalone = STANDALONE.matcher(u);
        if (standalone.matches()) {
            addresses(u);                                   // checks every host:port
            return new MasterUrl(u, 0);
        }
        if (u.equals("yarn")) {
            requireClass("org.apache.spark.deploy.yarn.YarnClusterManager", "yarn", "spark-yarn_2.13");
            return new MasterUrl(u, 0);
        }
        if (u.startsWith("k8s://") && u.length() > "k8s://".length()) {
            requireClass("org.apache.spark.scheduler.cluster.k8s.KubernetesClusterManager", "k8s://...",
                    "spark-kubernetes_2.13");
            return new MasterUrl(u, 0);
        }
        throw new UserInputException("--master '" + url + "' is not a Spark master URL; " + USE);
    }

    /** @return whether trials run inside this JVM (the embedded local master) */
    boolean isLocal() {
        return localCores > 0;
    }

    /**
     * For a standalone master: fails fast, naming the address, when no master listens there.
     *
     * @param timeoutMillis how long to wait for each connection
     * @throws UserInputException when none of the master's addresses accepts a connection in time
     */
    void requireReachable(int timeoutMillis) {
        if (!url.startsWith("spark://")) {
            return;                                   // yarn and k8s find their cluster from their own configuration
        }
        List<String> problems = new ArrayList<>();
        for (InetSocketAddress named : addresses(url)) {
            InetSocketAddress address = new InetSocketAddress(named.getHostString(), named.getPort());
            if (address.isUnresolved()) {
                problems.add("unknown host " + named.getHostString());
                continue;
            }
            try (Socket socket = new Socket()) {
                socket.connect(address, timeoutMillis);
                return;                                // one live master of a high-availability list is enough
            } catch (java.net.SocketTimeoutException e) {
                problems.add(address.getHostString() + ":" + address.getPort() + " did not answer within "
                        + timeoutMillis / 1000.0 + " s");
            } catch (IOException e) {
                problems.add(address.getHostString() + ":" + address.getPort() + ": "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
        throw new UserInputException("cannot reach the Spark master " + url + " (" + String.join("; ", problems)
                + "); is it running? (docs/cluster.md shows how to start one)");
    }

    private static List<InetSocketAddress> addresses(String url) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String hostPort : url.substring("spark://".length()).split(",")) {
            Matcher m = HOST_PORT.matcher(hostPort.strip());
            int port = m.matches() ? Integer.parseInt(m.group(2)) : -1;
            if (port < 1 || port > 65535) {
                throw new UserInputException("--master '" + url + "': expected spark://HOST:PORT (the port is usually "
                        + "7077), or several HOST:PORT separated by commas");
            }
            addresses.add(InetSocketAddress.createUnresolved(m.group(1), port));
        }
        return addresses;
    }

    private static void requireClass(String name, String master, String artifact) {
        try {
            Class.forName(name, false, MasterUrl.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new UserInputException("--master " + master + " needs org.apache.spark:" + artifact + " on the class path; "
                    + "submit the sweep with spark-submit of a Spark 4.0 installation (docs/cluster.md)");
        }
    }
}
