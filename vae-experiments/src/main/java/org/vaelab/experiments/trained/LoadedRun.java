package org.vaelab.experiments.trained;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.vaelab.api.Seeds;
import org.vaelab.api.UserInputException;
import org.vaelab.api.data.DataSource;
import org.vaelab.api.data.Dataset;
import org.vaelab.api.data.GroundTruthFactors;
import org.vaelab.engine.graph.VaeGraph;
import org.vaelab.experiments.checkpoint.Checkpoint;
import org.vaelab.experiments.checkpoint.CheckpointStore;
import org.vaelab.experiments.config.ConfigLoader;
import org.vaelab.experiments.config.ExperimentConfig;
import org.vaelab.experiments.plugins.Framework;
import org.vaelab.experiments.run.JsonFiles;
import org.vaelab.experiments.runner.ExperimentRunner;

/**
 * A run directory loaded for use: its config, its data (checked against the checksum it trained on), and the
 * model with the parameters of its newest checkpoint. Reading only: the run's records are never changed here.
 *
 * @param directory the run directory
 * @param config its config
 * @param provenance its provenance.json
 * @param data its data
 * @param groundTruth the data's factor generator, where it has one
 * @param model the trained model
 * @param checkpoint the checkpoint the parameters come from
 */
public record LoadedRun(Path directory, ExperimentConfig config, JsonNode provenance, Dataset data,
        Optional<GroundTruthFactors> groundTruth, TrainedModel model, String checkpoint) {

    /**
     * @param framework the started framework
     * @param dir a run directory
     * @param out where to say what is loaded
     * @return the loaded run
     */
    public static LoadedRun load(Framework framework, Path dir, PrintStream out) {
        if (!Files.isRegularFile(dir.resolve("config.json")) || !Files.isRegularFile(dir.resolve("provenance.json"))) {
            throw new UserInputException(dir + " is not a run directory (no config.json and provenance.json)");
        }
        ConfigLoader loader = new ConfigLoader(framework);
        JsonNode provenance = JsonFiles.read(framework.json(), dir.resolve("provenance.json"));
        ExperimentConfig config = loader.fromRun(dir, provenance);
        String sha = provenance.path("configSha256").asText();
        ExperimentRunner.requireUnchanged(dir.resolve("config.json"), sha);
        String status = provenance.path("status").asText();
        Checkpoint checkpoint = new CheckpointStore(dir, framework.json())
                .choose(null, sha, name -> "vaelab resume " + dir + " --checkpoint " + name)
                .orElseThrow(() -> new UserInputException(dir + " has no checkpoint yet: nothing trained to use"));
        if (!"completed".equals(status)) {
            out.println("note: " + dir + " is " + status + "; using its newest checkpoint, " + checkpoint.name());
        }
        ExperimentRunner runner = new ExperimentRunner(framework, out, org.vaelab.experiments.train.Progress.silent());
        DataSource source = runner.createDataSource(config);
        long t0 = System.nanoTime();
        Dataset data = source.load(Seeds.derive(config.seed(), "data"));
        String dataSha = org.vaelab.experiments.run.Environment.sha256(data.train().images(), data.train().labels(),
                data.train().factors(), data.test().images(), data.test().labels(), data.test().factors());
        if (!dataSha.equals(provenance.path("data").path("sha256").asText())) {
            throw new UserInputException("the data differ from those " + dir + " trained on (SHA-256 " + dataSha
                    + ", was " + provenance.path("data").path("sha256").asText() + ")");
        }
        VaeGraph graph = VaeGraph.build(runner.createComponents(config), data.info().shape(), config.model().latentDim(),
                Seeds.derive(config.seed(), "model.init"));
        checkpoint.restoreParameters(graph);
        // components on a schedule are evaluated where training stopped
        graph.trainingProgress(checkpoint.state().position().steps(), checkpoint.state().position().epochsCompleted());
        out.printf(Locale.ROOT, "loaded %s (%s, %s; data %.1f s)%n", dir, checkpoint.name(), data.info().description(),
                (System.nanoTime() - t0) / 1e9);
        // the engine the run trained on (or the one its config asks for) encodes and decodes; built for inference,
        // so a compiled engine skips the backward graph (median 0.39 s instead of 2.0 s on a VampPrior run)
        org.vaelab.engine.Engine engine = org.vaelab.engine.EngineChoice.forInference(graph, config.training().engine(),
                config.training().threads());
        return new LoadedRun(dir, config, provenance, data, source.groundTruth(), new TrainedModel(engine), checkpoint.name());
    }
}
