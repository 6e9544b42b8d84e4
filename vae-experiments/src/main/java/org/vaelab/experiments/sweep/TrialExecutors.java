package org.vaelab.experiments.sweep;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.vaelab.api.UserInputException;

/** Finds a {@link TrialExecutorProvider} by name. */
public final class TrialExecutors {

    /** The default executor: trials in this process ({@link InProcessTrials}). */
    public static final String IN_PROCESS = "in-process";

    /** Executors that live in optional modules: name to what to add, for the message when one is missing. */
    private static final Map<String, String> OPTIONAL_MODULES = Map.of("spark",
            "the vae-cluster-spark module: the launcher adds it for --executor spark once it is built "
                    + "(mvn -B package -DskipTests -pl vae-cluster-spark -am); with plain java, put "
                    + "vae-cluster-spark-<version>.jar and its dependencies (or its shaded jar) on the class path");

    private TrialExecutors() {}

    /**
     * @param name an executor's name
     * @return its provider
     * @throws UserInputException naming the module to add, or the executors there are
     */
    public static TrialExecutorProvider provider(String name) {
        TreeSet<String> names = new TreeSet<>();
        names.add(IN_PROCESS);
        for (TrialExecutorProvider p : ServiceLoader.load(TrialExecutorProvider.class, TrialExecutors.class.getClassLoader())) {
            if (p.name().equals(name)) {
                return p;
            }
            names.add(p.name());
        }
        if (OPTIONAL_MODULES.containsKey(name)) {
            throw new UserInputException("--executor " + name + " needs " + OPTIONAL_MODULES.get(name));
        }
        throw new UserInputException("unknown --executor '" + name + "'; available: " + String.join(", ", names));
    }
}
