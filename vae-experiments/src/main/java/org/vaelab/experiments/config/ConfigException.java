package org.vaelab.experiments.config;

import java.util.List;
import org.vaelab.api.UserInputException;

/** A config that cannot be used, with every problem found, each naming its config path (and line). */
public final class ConfigException extends UserInputException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /**
     * @param source the config file or "config"
     * @param problems one line per problem, each starting with its config path
     */
    public ConfigException(String source, List<String> problems) {
        super("invalid config " + source + ":\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** @return the problems, one per line, each starting with its config path */
    public List<String> problems() {
        return problems;
    }
}
