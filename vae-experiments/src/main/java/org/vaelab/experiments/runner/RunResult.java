package org.vaelab.experiments.runner;

import java.nio.file.Path;
import java.util.Map;

/**
 * The outcome of a finished run.
 *
 * @param directory the run directory
 * @param summary the contents of {@code summary.json}
 */
public record RunResult(Path directory, Map<String, Object> summary) {}
