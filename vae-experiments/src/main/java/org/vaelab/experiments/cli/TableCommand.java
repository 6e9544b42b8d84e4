package org.vaelab.experiments.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vaelab.experiments.run.AblationTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vaelab table RUN...}: an ablation table over finished runs, mean and spread per config name. */
@Command(name = "table", mixinStandardHelpOptions = true,
        description = "Tabulate finished runs (Markdown): runs are grouped by config name; each metric shows the mean "
                + "and sample standard deviation over the group (e.g. over seeds).")
final class TableCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run directories, or folders holding them (e.g. runs/).")
    List<Path> runs;

    @Option(names = "--metric", paramLabel = "PATH",
            description = "A summary.json value such as test.negElbo or robustness.corrupted/psnr (repeatable). "
                    + "Default: the ELBO terms and, when present, the robustness metrics.")
    List<String> metrics = new ArrayList<>();

    @Override
    public Integer call() {
        List<String> skipped = new ArrayList<>();
        String table = new AblationTable(new ObjectMapper()).markdown(runs, metrics, skipped);
        skipped.forEach(s -> System.err.println("skipped " + s));
        System.out.print(table);
        return 0;
    }
}
