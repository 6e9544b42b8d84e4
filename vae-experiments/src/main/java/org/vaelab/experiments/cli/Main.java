package org.vaelab.experiments.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vaelab.api.UserInputException;
import org.vaelab.experiments.plugins.Framework;
import org.vaelab.experiments.runner.RunInterruptedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vaelab}: the command line. User errors print one clear message and exit 2, never a stack trace. */
@Command(name = "vaelab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Variational autoencoder experiments: train, resume, sweep, validate configs, list plugins; "
                + "use a trained run: eval, sample, encode, reconstruct; study runs: table, compare, verify, report, ui.",
        subcommands = {TrainCommand.class, ValidateCommand.class, PluginsCommand.class, SweepCommand.class, ResumeCommand.class,
            TableCommand.class, BenchCommand.class, EvalCommand.class, SampleCommand.class, EncodeCommand.class,
            ReconstructCommand.class, VerifyCommand.class, CompareCommand.class, ReportCommand.class, UiCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit status for a problem in the user's input (config, files, options). */
    public static final int USER_ERROR = 2;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Folder of plugin jars to load (repeatable). The launcher adds ./plugins when it exists.")
    List<Path> pluginDirs = new ArrayList<>();

    @Option(names = "--debug", description = "Print stack traces for errors.")
    boolean debug;

    private Framework framework;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "missing command: train, resume, sweep, validate, plugins, eval, sample, "
                + "encode, reconstruct, table, compare, verify, report or ui (vaelab help lists them)");
    }

    /** @return the framework, started on first use with the plugin folders given */
    Framework framework() {
        if (framework == null) {
            framework = Framework.start(pluginDirs);
        }
        return framework;
    }

    /**
     * @param args command-line arguments
     * @return the exit status
     */
    public static int execute(String... args) {
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof RunInterruptedException stopped) {
                err.println(stopped.getMessage());
                err.flush();
                return stopped.exitStatus();
            }
            if (e instanceof UserInputException || e instanceof UncheckedIOException) {
                err.println("error: " + e.getMessage());
                if (main.debug) {
                    e.printStackTrace(err);
                }
                err.flush();
                return USER_ERROR;
            }
            err.println("internal error (a bug in vaelab or a plugin; please report it with this trace):");
            e.printStackTrace(err);
            err.flush();
            return 1;
        });
        return cli.execute(args);
    }

    /**
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** The version from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            var v = org.vaelab.experiments.run.Environment.versions();
            return new String[] {"vaelab " + v.get("vaelab") + " (ND4J " + v.get("nd4j") + ", Java " + v.get("java") + ")"};
        }
    }
}
