package org.vaelab.experiments.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vaelab.experiments.table.AblationTable;
import org.vaelab.experiments.table.TableFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vaelab table RUN...}: an ablation table over finished runs, mean and spread per config name. */
@Command(name = "table", mixinStandardHelpOptions = true,
        description = "Tabulate finished runs found under the given folders (at any depth): runs whose configs differ "
                + "only in the seed share a row, labelled by the config paths that set it apart; each metric shows the "
                + "mean and sample standard deviation over the row's runs, with n, the seeds and the config hash. "
                + "Every run left out is named on stderr with the reason.")
final class TableCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run directories, or folders holding them (e.g. runs/).")
    List<Path> runs;

    @Option(names = "--metric", paramLabel = "PATH",
            description = "A summary.json value such as test.negElbo, robustness.corrupted/psnr or metrics.mig (repeatable). "
                    + "Default: the ELBO terms and, when present, the robustness metrics.")
    List<String> metrics = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "md",
            description = "md (Markdown), csv, html or latex (a booktabs tabular for papers); default: ${DEFAULT-VALUE}.")
    String format;

    @Override
    public Integer call() {
        List<String> skipped = new ArrayList<>();
        String table = new AblationTable(new ObjectMapper()).write(runs, metrics, TableFormat.parse(format), skipped);
        skipped.forEach(s -> System.err.println("skipped " + s));
        System.out.print(table);
        return 0;
    }
}
