package org.vaelab.experiments.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.vaelab.experiments.ui.DashboardServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vaelab ui [RUNS_DIR]}: the local dashboard. */
@Command(name = "ui", mixinStandardHelpOptions = true,
        description = "Serve a dashboard of the runs under RUNS_DIR on http://127.0.0.1:PORT: a sortable, filterable "
                + "table of runs (stale ones marked), each run's curves, pictures, config and provenance, several runs "
                + "compared (curves overlaid, config diff), the ablation table; it follows training runs live. Ctrl-C stops it.")
final class UiCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUNS_DIR", defaultValue = "runs",
            description = "The folder of runs (default: ${DEFAULT-VALUE}).")
    Path runs;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8077", description = "The port (default: ${DEFAULT-VALUE}; 0: any free one).")
    int port;

    @Override
    public Integer call() throws Exception {
        try (DashboardServer server = DashboardServer.start(runs, main.framework().json(), port)) {
            System.out.println("dashboard: http://127.0.0.1:" + server.port() + "/ (Ctrl-C stops it)");
            new CountDownLatch(1).await();            // serve until the process is stopped
        }
        return 0;
    }
}
