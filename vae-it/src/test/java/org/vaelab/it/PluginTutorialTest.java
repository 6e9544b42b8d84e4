package org.vaelab.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin tutorial, docs/writing-a-plugin.md, as a user runs it. The reactor build has already done
 * its first steps: installed (here: built) the framework, and run {@code mvn package} on the example
 * project in examples/plugin-example, which depends on vae-api only. This test does the rest with the
 * stock launcher: it copies the plugin jar into a folder of its own and runs
 * {@code ./vaelab --plugins DIR plugins} and {@code ./vaelab --plugins DIR train
 * examples/plugin-example/laplace-vae.yaml} (shrunk with {@code --set}) in separate processes. The plugin's
 * classes are never on the CLI's class path: it finds them only through {@code --plugins}.
 */
class PluginTutorialTest {

    private static final Path ROOT = Path.of(System.getProperty("vaelab.root", "..")).toAbsolutePath().normalize();
    private static final Path EXAMPLE = ROOT.resolve("examples/plugin-example");
    private static final String CONFIG = "examples/plugin-example/laplace-vae.yaml";

    /** Sizes for a run of a few seconds: the tutorial's config, made tiny. */
    private static final List<String> TINY = List.of(
            "--set", "data={type: dsprites, trainSize: 64, testSize: 16}",
            "--set", "model.latentDim=4",
            "--set", "model.encoder.hidden=[16]",
            "--set", "model.decoder.hidden=[16]",
            "--set", "training.epochs=1",
            "--set", "training.batchSize=32",
            "--set", "training.logEvery=1",
            "--set", "evaluation={batchSize: 16, reconstructions: 4, samples: 4}");

    @TempDir
    static Path tmp;

    private static Path pluginDir;

    private record Outcome(int status, String output) {}

    @BeforeAll
    static void copyThePluginJarIntoAFolder() throws IOException {
        // tutorial: "copy target/laplace-plugin-1.0.0.jar into a folder of plugin jars"
        Path jar;
        try (Stream<Path> files = Files.list(EXAMPLE.resolve("target"))) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().matches("laplace-plugin-[0-9.]+(-SNAPSHOT)?\\.jar"))
                    .toList();
            assertThat(jars).as("the example plugin's jar in %s (built by the reactor before this module)",
                    EXAMPLE.resolve("target")).hasSize(1);
            jar = jars.get(0);
        }
        pluginDir = Files.createDirectories(tmp.resolve("plugins"));
        Files.copy(jar, pluginDir.resolve(jar.getFileName()));
    }

    /** Runs {@code ./vaelab ARGS} from the repository root, as the tutorial does, in a process of its own. */
    private static Outcome vaelab(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("vaelab").toString()));
        command.addAll(args);
        Path log = Files.createTempFile(tmp, "vaelab", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("OMP_NUM_THREADS", "1");
        env.put("VAELAB_NO_BUILD", "1");       // the reactor just built it: no nested Maven build
        env.put("VAELAB_JAVA_OPTS", "-Xmx1g");
        Process process = pb.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            fail("timed out: " + command + "\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Outcome(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void vaelabPluginsListsTheNewPriorAndLossTerm() throws Exception {
        Outcome o = vaelab(List.of("--plugins", pluginDir.toString(), "plugins"));

        assertThat(o.status()).as(o.output()).isZero();
        assertThat(o.output())
                .contains("org.example.vaelab.laplace.LaplacePlugin")
                .containsPattern("(?m)^prior:[\\s\\S]*^  laplace +\\[spec org\\.example\\.vaelab\\.laplace\\.LaplacePriorSpec")
                .containsPattern("(?m)^loss:[\\s\\S]*^  latent-l1 +\\[spec org\\.example\\.vaelab\\.laplace\\.LatentL1Spec")
                .containsPattern("(?m)^ +scale +number +default 1\\.0 ")
                .containsPattern("(?m)^ +weight +number +default 0\\.1 ")
                .contains("beta-kl", "standard-normal");           // the built-in plugins are still there
    }

    @Test
    void vaelabTrainsTheExampleConfigWithThem() throws Exception {
        List<String> args = new ArrayList<>(List.of("--plugins", pluginDir.toString(), "train", CONFIG,
                "--out", tmp.resolve("runs").toString()));
        args.addAll(TINY);
        Outcome o = vaelab(args);

        assertThat(o.status()).as(o.output()).isZero();
        Path run;
        try (Stream<Path> dirs = Files.list(tmp.resolve("runs"))) {
            run = dirs.findFirst().orElseThrow();
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode config = json.readTree(run.resolve("config.json").toFile());
        assertThat(config.at("/model/prior/type").asText()).isEqualTo("laplace");
        assertThat(config.at("/model/prior/scale").asDouble()).isEqualTo(1.0);
        assertThat(config.at("/losses/2/type").asText()).isEqualTo("latent-l1");
        assertThat(json.readTree(run.resolve("provenance.json").toFile()).at("/status").asText()).isEqualTo("completed");

        // every metrics line that has the new term's value has a finite one; train and test lines have it
        List<String> keys = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"), StandardCharsets.UTF_8)) {
            for (Iterator<Map.Entry<String, JsonNode>> it = json.readTree(line).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().endsWith("loss/l1")) {
                    keys.add(e.getKey());
                    assertThat(e.getValue().isNumber()).as(line).isTrue();
                    assertThat(Double.isFinite(e.getValue().asDouble())).as(line).isTrue();
                }
                if (e.getKey().endsWith("loss/kl") || e.getKey().endsWith("loss/total")) {
                    assertThat(Double.isFinite(e.getValue().asDouble())).as("Monte Carlo KL with the Laplace prior: " + line)
                            .isTrue();
                }
            }
        }
        assertThat(keys).contains("train/loss/l1", "test/loss/l1");
    }
}
