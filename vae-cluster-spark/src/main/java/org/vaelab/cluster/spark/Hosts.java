package org.vaelab.cluster.spark;

/** Names this JVM in messages about where something happened. */
final class Hosts {

    private Hosts() {}

    /** @return host name and process id, e.g. {@code node-3 (pid 4242)} */
    static String describe() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown host";
        }
        return host + " (pid " + ProcessHandle.current().pid() + ")";
    }
}
