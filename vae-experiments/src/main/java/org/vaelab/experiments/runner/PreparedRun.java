package org.vaelab.experiments.runner;

import java.util.List;
import java.util.Map;
import org.vaelab.api.corruption.Corruption;
import org.vaelab.api.data.Dataset;
import org.vaelab.engine.Engine;
import org.vaelab.engine.graph.VaeGraph;
import org.vaelab.experiments.config.ExperimentConfig;

/**
 * Everything a run needs before its directory is made: the components, the loaded data, the graph and the
 * engine. Building it first means a config whose data or shapes do not fit fails without leaving a run
 * directory behind.
 *
 * @param config the validated config
 * @param configSha256 its hash
 * @param seeds every random source's seed
 * @param plugins the components used, for provenance
 * @param evalCorruption the corruption robustness is evaluated under, or null
 * @param data the loaded data
 * @param dataRecord the data's provenance (description, sizes, checksum)
 * @param graph the model
 * @param engine the engine chosen for it
 * @param groundTruth the data's factor generator, where the data have one (for metrics)
 */
record PreparedRun(ExperimentConfig config, String configSha256, Map<String, Long> seeds,
        List<Map<String, String>> plugins, Corruption evalCorruption, Dataset data, Map<String, Object> dataRecord,
        VaeGraph graph, Engine engine, java.util.Optional<org.vaelab.api.data.GroundTruthFactors> groundTruth)
        implements AutoCloseable {

    @Override
    public void close() {
        engine.close();
    }
}
