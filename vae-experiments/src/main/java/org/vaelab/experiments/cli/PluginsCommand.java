package org.vaelab.experiments.cli;

import java.util.concurrent.Callable;
import org.vaelab.api.ComponentKind;
import org.vaelab.api.ComponentRegistration;
import org.vaelab.experiments.config.ConfigReference;
import org.vaelab.experiments.plugins.Framework;
import org.vaelab.experiments.plugins.SpecDescriber;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vaelab plugins}: every registered type per kind, with its config fields and defaults; with
 * {@code --markdown}, the config reference ({@code docs/config-reference.md}).
 */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List every registered component type per kind, with its config fields and defaults.")
final class PluginsCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = "--markdown", description = "Print the config reference as Markdown (every config section and "
            + "registered type, with fields, defaults and descriptions), as in docs/config-reference.md: "
            + ConfigReference.REGENERATE)
    boolean markdown;

    @Override
    public Integer call() {
        Framework fw = main.framework();
        if (markdown) {
            System.out.print(ConfigReference.markdown(fw));
            System.out.flush();
            return 0;
        }
        System.out.println("plugins loaded: " + fw.plugins().size());
        fw.plugins().forEach(p -> System.out.println("  " + p.getClass().getName()));
        for (ComponentKind kind : ComponentKind.values()) {
            System.out.println();
            System.out.println(kind.label() + ":");
            if (fw.registry().registrations(kind).isEmpty()) {
                System.out.println("  (none registered)");
            }
            for (ComponentRegistration r : fw.registry().registrations(kind)) {
                System.out.println("  " + r.type() + "    [" + r.origin() + "]");
                for (SpecDescriber.Field f : SpecDescriber.fields(r, fw.json())) {
                    System.out.printf("      %-18s %-16s default %-14s %s%n", f.name(), f.type(), f.defaultValue(),
                            f.description());
                }
            }
        }
        return 0;
    }
}
