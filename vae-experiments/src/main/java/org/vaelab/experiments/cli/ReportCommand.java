package org.vaelab.experiments.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vaelab.experiments.run.AtomicFiles;
import org.vaelab.experiments.table.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vaelab report RUNS... --out report.html}: one self-contained HTML file about a set of runs. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write one self-contained HTML file (table, curves, each run's results, pictures and config, "
                + "images inlined) about the runs found under the given folders, to send or attach to a review.")
final class ReportCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run directories, or folders holding them (a sweep folder, runs/).")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "report.html", description = "The HTML file (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--metric", paramLabel = "PATH", description = "A table column such as test.negElbo or metrics.mig (repeatable).")
    List<String> metrics = new ArrayList<>();

    @Override
    public Integer call() {
        List<String> skipped = new ArrayList<>();
        String html = new HtmlReport(main.framework().json()).write(runs, metrics, skipped);
        skipped.forEach(s -> System.err.println("skipped " + s));
        AtomicFiles.writeString(out, html);
        System.out.println("report: " + out + " (" + html.length() / 1024 + " KB)");
        return 0;
    }
}
