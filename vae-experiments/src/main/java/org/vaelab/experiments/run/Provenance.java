package org.vaelab.experiments.run;

import java.util.List;
import java.util.Map;

/**
 * {@code provenance.json}: where a run's numbers came from. Written when the run starts (status
 * {@code running}) and rewritten when it ends ({@code completed} or {@code failed}).
 *
 * @param runId the run directory's name
 * @param configSha256 SHA-256 of the canonical {@code config.json}
 * @param seed the run seed
 * @param derivedSeeds the seed of each random source, derived from the run seed
 * @param git commit, branch and dirty flag of the working directory's repository
 * @param versions vaelab, ND4J, Java, OS
 * @param threads thread settings, which can change the last bits of results
 * @param machine host, processor, memory
 * @param data the dataset's description, shape, sizes, content checksum and sources
 * @param plugins every component the run used: kind, type, spec class, factory, jar
 * @param engine what trained the model: {@code name} and {@code description} (for a fallback, the op and
 *     component that caused it), or empty before the engine is chosen
 * @param command the command line that started the run
 * @param resumedFrom run directory this run resumed, or null
 * @param startedAt ISO-8601 UTC
 * @param finishedAt ISO-8601 UTC, or null while running
 * @param status {@code running}, {@code completed}, {@code failed}, {@code interrupted} (stopped by a signal
 *     after a checkpoint) or {@code paused} (stopped after a successive-halving rung); a run left {@code running}
 *     by a process that died is reported as stale
 * @param error the failure message, or null
 */
public record Provenance(String runId, String configSha256, long seed, Map<String, Long> derivedSeeds,
        Map<String, Object> git, Map<String, String> versions, Map<String, Object> threads,
        Map<String, Object> machine, Map<String, Object> data, List<Map<String, String>> plugins,
        Map<String, String> engine, List<String> command, String resumedFrom, String startedAt, String finishedAt, String status, String error) {

    /**
     * @param runId the run directory's name
     * @return this provenance, for that directory
     */
    public Provenance withRunId(String runId) {
        return new Provenance(runId, configSha256, seed, derivedSeeds, git, versions, threads, machine, data, plugins,
                engine, command, resumedFrom, startedAt, finishedAt, status, error);
    }

    /**
     * @param data the dataset's description, shape, sizes, checksum and sources
     * @return this provenance, with the loaded data described
     */
    public Provenance withData(Map<String, Object> data) {
        return new Provenance(runId, configSha256, seed, derivedSeeds, git, versions, threads, machine, data, plugins,
                engine, command, resumedFrom, startedAt, finishedAt, status, error);
    }

    /**
     * @param name the engine's name
     * @param description its description, as the run printed it
     * @return this provenance, with the engine recorded
     */
    public Provenance withEngine(String name, String description) {
        return new Provenance(runId, configSha256, seed, derivedSeeds, git, versions, threads, machine, data, plugins,
                Map.of("name", name, "description", description), command, resumedFrom, startedAt, finishedAt, status,
                error);
    }

    /**
     * @param status the new status
     * @param finishedAt when
     * @param error the failure message, or null
     * @return this provenance, finished
     */
    public Provenance finish(String status, String finishedAt, String error) {
        return new Provenance(runId, configSha256, seed, derivedSeeds, git, versions, threads, machine, data, plugins,
                engine, command, resumedFrom, startedAt, finishedAt, status, error);
    }
}
