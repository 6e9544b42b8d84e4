package org.vaelab.experiments.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaelab.api.UserInputException;
import org.vaelab.experiments.TestFixtures;

class ConfigLoaderTest {

    @TempDir
    Path tmp;

    private final ConfigLoader loader = new ConfigLoader(TestFixtures.framework());

    private ExperimentConfig parse(String yaml, String... overrides) {
        return loader.parse(yaml, "test.yaml", List.of(overrides));
    }

    private String error(String yaml, String... overrides) {
        return errorIn("test.yaml", yaml, overrides);
    }

    private String errorIn(String source, String text, String... overrides) {
        try {
            loader.parse(text, source, List.of(overrides));
        } catch (UserInputException e) {
            assertThat(e.getMessage()).doesNotContain("[Source:").doesNotContain("in 'reader'");
            return e.getMessage();
        }
        throw new AssertionError("expected the config to be rejected");
    }

    private String fileError(byte[] content, String name) throws Exception {
        Path file = Files.write(tmp.resolve(name), content);
        try {
            loader.load(file, List.of());
        } catch (UserInputException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected " + name + " to be rejected");
    }

    @Test
    void emptyConfigGetsEveryDefault() {
        ExperimentConfig c = parse("{}");
        String json = loader.toCanonicalJson(c);
        assertThat(c.name()).isEqualTo("experiment");
        assertThat(c.seed()).isEqualTo(42L);
        assertThat(c.model().latentDim()).isEqualTo(10);
        assertThat(c.training().epochs()).isEqualTo(10);
        assertThat(c.training().optimizer().learningRate()).isEqualTo(1e-3);
        assertThat(c.losses()).hasSize(2);
        assertThat(json).contains("\"type\" : \"dsprites\"", "\"type\" : \"mlp\"", "\"type\" : \"standard-normal\"",
                "\"type\" : \"bernoulli-reconstruction\"", "\"type\" : \"beta-kl\"");
    }

    @Test
    void resolvedConfigRoundTripsToAnEqualConfigAndIdenticalBytes() {
        ExperimentConfig c = parse(TestFixtures.TINY_CONFIG);
        String json = loader.toCanonicalJson(c);
        ExperimentConfig back = loader.parse(json, "config.json", List.of());
        assertThat(back).isEqualTo(c);
        assertThat(loader.toCanonicalJson(back)).isEqualTo(json);
        assertThat(loader.sha256(back)).isEqualTo(loader.sha256(c)).hasSize(64);
    }

    @Test
    void aFieldAddedWithAnOmittedDefaultLeavesOlderConfigsCanonicalFormAndHashAlone() throws Exception {
        // conv's residualBlocks (added later) is left out at 0, so a conv config written before it hashes as before
        String yaml = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("examples/fashion-mnist-conv.yaml"));
        ExperimentConfig old = parse(yaml);
        ExperimentConfig explicitZero = parse(yaml, "model.encoder.residualBlocks=0", "model.decoder.residualBlocks=0");
        assertThat(loader.toCanonicalJson(old)).doesNotContain("residualBlocks");
        assertThat(loader.sha256(explicitZero)).isEqualTo(loader.sha256(old));
        ExperimentConfig residual = parse(yaml, "model.encoder.residualBlocks=2");
        assertThat(loader.toCanonicalJson(residual).replaceAll("\\s", "")).contains("\"residualBlocks\":2");
        assertThat(loader.parse(loader.toCanonicalJson(residual), "config.json", List.of())).isEqualTo(residual);
        assertThat(error(yaml, "model.decoder.residualBlocks=-1")).contains("model.decoder.residualBlocks");
    }

    @Test
    void vqNormalizeLeftAtItsDefaultKeepsOlderVqConfigsHash() throws Exception {
        // the zoo's VQ-VAE as it was before normalize existed (its other settings are irrelevant here)
        String yaml = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("examples/zoo/vq-vae.yaml"))
                .replace("normalize: true, ", "");
        ExperimentConfig old = parse(yaml);
        assertThat(loader.toCanonicalJson(old)).doesNotContain("normalize");
        assertThat(loader.sha256(parse(yaml, "model.encoder.normalize=false"))).isEqualTo(loader.sha256(old));
        ExperimentConfig normalized = parse(yaml, "model.encoder.normalize=true");
        assertThat(loader.toCanonicalJson(normalized).replaceAll("\\s", "")).contains("\"normalize\":true");
        assertThat(loader.parse(loader.toCanonicalJson(normalized), "config.json", List.of())).isEqualTo(normalized);
        assertThat(error(yaml, "model.encoder.normalize=maybe")).contains("model.encoder.normalize");
    }

    @Test
    void overridesApplyBeforeValidationAndAreRecorded() {
        ExperimentConfig c = parse(TestFixtures.TINY_CONFIG, "model.latentDim=8", "losses[1].beta=4",
                "model.encoder.hidden=[16, 8]", "name=changed");
        assertThat(c.model().latentDim()).isEqualTo(8);
        assertThat(loader.toCanonicalJson(c)).contains("\"beta\" : 4.0").contains("\"name\" : \"changed\"");
        assertThat(loader.toCanonicalJson(c).replaceAll("\\s", "")).contains("\"hidden\":[16,8]");
    }

    @Test
    void overrideErrorsNameTheOverride() {
        assertThat(error(TestFixtures.TINY_CONFIG, "model.latentDim=-3"))
                .contains("model.latentDim").contains("from --set model.latentDim=-3").contains("must be greater than 0");
        assertThatThrownBy(() -> parse("{}", "no-equals-sign")).isInstanceOf(UserInputException.class)
                .hasMessageContaining("expected path=value");
        assertThatThrownBy(() -> parse("{}", "losses[7].beta=1")).hasMessageContaining("past the end");
    }

    @Test
    void unknownTypeListsTheKnownOnesWithPathAndLine() {
        String msg = error("""
                name: x
                losses:
                  - {type: bernoulli-reconstruction}
                  - {type: beta-kll, beta: 4}
                """);
        assertThat(msg).contains("test.yaml").contains("losses[1]").contains("(line 4)")
                .contains("unknown loss type 'beta-kll'").contains("known loss types:").contains("beta-kl")
                .contains("latent-l2");
    }

    @Test
    void missingTypeIsReported() {
        assertThat(error("model: {encoder: {hidden: [4]}}")).contains("model.encoder").contains("missing \"type\"")
                .contains("known encoder types: conv, disentanglement-lib, laplace-linear, mlp");     // laplace-linear: the test plugin
    }

    @Test
    void unknownFieldListsTheKnownFields() {
        String msg = error("""
                model:
                  encoder: {type: mlp, hiden: [4]}
                """);
        assertThat(msg).contains("model.encoder.hiden").contains("(line 2)").contains("unknown field")
                .contains("known fields: activation, hidden");
        assertThat(error("trainig: {epochs: 3}")).contains("trainig").contains("unknown field");
    }

    @Test
    void wrongValueTypeSaysWhatWasExpected() {
        String msg = error("""
                training:
                  epochs: ten
                """);
        assertThat(msg).contains("training.epochs").contains("(line 2)").contains("expected an integer").contains("\"ten\"");
    }

    @Test
    void aValueOfTheWrongKindSaysWhatWasGiven() {
        assertThat(error("training: {batchSize: [32]}")).contains("training.batchSize (line 1): expected an integer, got a list");
        assertThat(error("training:\n  optimizer: {learningRate: {a: 1}}\n"))
                .contains("training.optimizer.learningRate (line 2): expected a number, got a mapping");
        assertThat(error("training: 3")).contains("training (line 1): expected a mapping, got 3");
        assertThat(error("losses: {type: beta-kl}")).contains("losses (line 1): expected a list, got a mapping");
        assertThat(error("training: {batchSize: 99999999999}"))
                .contains("training.batchSize (line 1): expected an integer from -2147483648 to 2147483647, got 99999999999");
        assertThat(error("data: {type: [dsprites]}")).contains("data (line 1): \"type\" must be a name, got a list");
        assertThat(error("model: {prior: {type: standard-normal, scale: 2}}"))
                .contains("model.prior.scale (line 1): unknown field; this type takes no fields");
        assertThat(error("model: {encoder: {type: mlp, hidden: [4, ~]}}"))
                .contains("model.encoder.hidden[1] (line 1): must not be null").doesNotContain("<list element>");
    }

    @Test
    void outOfRangeValuesAreAllReportedWithPaths() {
        String msg = error("""
                seed: 1
                losses:
                  - {type: bernoulli-reconstruction}
                  - {type: beta-kl, beta: -1}
                training: {epochs: 0}
                """);
        assertThat(msg).contains("losses[1].beta (line 4): must be greater than or equal to 0")
                .contains("training.epochs (line 5): must be greater than 0");
    }

    @Test
    void everyProblemIsListedOnce() {
        assertThatThrownBy(() -> parse("training: {epochs: 0, batchSize: 0}"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly("training.batchSize (line 1): must be greater than 0",
                                "training.epochs (line 1): must be greater than 0"));
    }

    @Test
    void crossFieldChecksInASpecNameTheSection() {
        assertThat(error("data: {type: dsprites, trainSize: 737000, testSize: 1000}"))
                .contains("data (line 1):").contains("737280");
    }

    @Test
    void syntaxErrorsGiveTheLine() {
        assertThat(error("model:\n  latentDim: [1,\n")).contains("line").contains("not valid YAML");
        assertThat(error("- just\n- a list\n")).contains("top level must be a mapping");
    }

    @Test
    void jsonSyntaxErrorsGiveLineAndColumnWithoutJacksonsSourceText() {
        String msg = errorIn("test.json", "{\n  \"name\": \"x\",\n  \"training\": {\"epochs\": 2\n");
        assertThat(msg).contains("test.json").contains("line 4, column 1: not valid JSON: Unexpected end-of-input")
                .contains("start marker at line 3");
    }

    @Test
    void yamlSyntaxErrorsAreOneLineWithTheContextsStart() {
        String msg = error("model:\n  encoder: {type: mlp, hidden: [32\n");
        assertThat(msg).contains("not valid YAML").contains("line 3, column 1")
                .contains("while parsing a flow sequence started on line 2").doesNotContain("^");
    }

    // ---- duplicate keys ----

    @Test
    void aDuplicateKeyNamesTheKeyItsPathAndBothLines() {
        String msg = error("""
                name: x
                training:
                  epochs: 3
                  batchSize: 32
                  batchSize: 64
                """);
        assertThat(msg).contains("training.batchSize (line 5): duplicate key 'batchSize', first given on line 4; keep one of them");
        assertThat(error("seed: 1\nname: x\nseed: 2\n")).contains("seed (line 3): duplicate key 'seed', first given on line 1");
        assertThat(error("""
                losses:
                  - {type: bernoulli-reconstruction}
                  - {type: beta-kl, beta: 2.0, beta: 4.0}
                """)).contains("losses[1].beta (line 3): duplicate key 'beta', given twice on that line");
        assertThat(error("training: {epochs: 1}\nseed: 3\ntraining: {epochs: 2}\n"))
                .contains("training (line 3): duplicate key 'training', first given on line 1");
    }

    @Test
    void aDuplicateKeyInJsonIsRejectedToo() {
        String msg = errorIn("test.json", """
                {
                  "name": "x",
                  "training": {
                    "epochs": 3,
                    "epochs": 4
                  }
                }
                """);
        assertThatThrownBy(() -> loader.parse("{\"seed\": 1,\n\"seed\": 2}", "c.json", List.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly("seed (line 2): duplicate key 'seed', first given on line 1; keep one of them"));
        assertThat(msg).contains("test.json").contains("training.epochs (line 5): duplicate key 'epochs', first given on line 4");
    }

    @Test
    void aDuplicateKeyInAnOverrideValueIsRejected() {
        assertThat(error("{}", "model.encoder={type: mlp, type: conv}"))
                .isEqualTo("--set model.encoder={type: mlp, type: conv}: duplicate key 'type' in the value; keep one of them");
    }

    // ---- floats for integers ----

    @Test
    void aFloatForAnIntegerIsRejectedNotTruncated() {
        assertThat(error("training:\n  epochs: 3\n  batchSize: 64.5\n"))
                .contains("training.batchSize (line 3): expected an integer, got 64.5");
        assertThat(error("training: {batchSize: 64.0}"))
                .contains("training.batchSize (line 1): expected an integer, got 64.0 (write 64, without a decimal point or exponent)");
        assertThat(error("model:\n  encoder: {type: mlp, hidden: [32, 1.6e1]}\n"))
                .contains("model.encoder.hidden[1] (line 2): expected an integer, got 1.6e1 (write 16,");
        assertThat(errorIn("test.json", "{\"seed\": 7.5}")).contains("seed (line 1): expected an integer, got 7.5");
        assertThat(error("{}", "training.epochs=2.5"))
                .contains("training.epochs (from --set training.epochs=2.5): expected an integer, got 2.5");
    }

    @Test
    void aNumberForAnEnumIsRejected() {
        assertThat(error("model:\n  encoder: {type: mlp, activation: 0}\n"))
                .contains("model.encoder.activation (line 2): expected one of").contains("relu").contains("got 0");
    }

    // ---- numbers that are not finite ----

    @Test
    void nonFiniteNumbersAreRejectedAtTheirPath() {
        String yaml = "training:\n  optimizer:\n    learningRate: %s\n";
        assertThat(error(yaml.formatted("1e400")))
                .contains("training.optimizer.learningRate (line 3): 1e400 is not a finite number");
        assertThat(error(yaml.formatted(".inf"))).contains("training.optimizer.learningRate (line 3): .inf is not a finite number");
        assertThat(error(yaml.formatted("-.Inf"))).contains("training.optimizer.learningRate (line 3): -.Inf is not a finite number");
        assertThat(error(yaml.formatted(".nan"))).contains("training.optimizer.learningRate (line 3): .nan is not a finite number");
        assertThat(error("losses:\n  - {type: bernoulli-reconstruction}\n  - {type: beta-kl, beta: .nan}\n"))
                .contains("losses[1].beta (line 3): .nan is not a finite number");
        // anywhere, whatever the field's type
        assertThat(error("name: x\nseed: 1e999\n")).contains("seed (line 2): 1e999 is not a finite number");
    }

    @Test
    void nonFiniteNumbersInJsonAreRejectedAtTheirPath() {
        assertThat(errorIn("test.json", "{\"training\": {\"optimizer\":\n {\"learningRate\": 1e400}}}"))
                .contains("test.json").contains("training.optimizer.learningRate (line 2): 1e400 is not a finite number");
        assertThat(errorIn("test.json", "{\"training\": {\"optimizer\":\n {\"learningRate\": NaN}}}"))
                .contains("training.optimizer.learningRate (line 2): NaN is not a finite number");
        assertThat(errorIn("test.json", "{\"training\": {\"optimizer\":\n {\"learningRate\": -Infinity}}}"))
                .contains("training.optimizer.learningRate (line 2): -Infinity is not a finite number");
    }

    @Test
    void nonFiniteNumbersInOverridesAreRejected() {
        assertThat(error("{}", "training.optimizer.learningRate=.inf"))
                .isEqualTo("--set training.optimizer.learningRate=.inf: .inf" + ConfigLoader.NOT_FINITE);
        assertThat(error("{}", "training.optimizer.learningRate=1e400"))
                .isEqualTo("--set training.optimizer.learningRate=1e400: 1e400" + ConfigLoader.NOT_FINITE);
    }

    @Test
    void nonFiniteNumbersThatOnlyBindingSeesAreRejected() {
        // a plain NaN is a string in YAML (and "Infinity" one in JSON), which Jackson binds to a double
        assertThat(error("training:\n  optimizer:\n    learningRate: NaN\n"))
                .contains("training.optimizer.learningRate (line 3): NaN is not a finite number");
        assertThat(errorIn("test.json", "{\"training\": {\"optimizer\":\n {\"learningRate\": \"Infinity\"}}}"))
                .contains("training.optimizer.learningRate (line 2): Infinity is not a finite number");
        assertThat(error("{}", "training.optimizer.learningRate=NaN"))
                .contains("training.optimizer.learningRate (from --set training.optimizer.learningRate=NaN): NaN is not a finite number");
        ObjectNode tree = (ObjectNode) TestFixtures.framework().json().valueToTree(parse("{}"));
        ((ObjectNode) tree.path("training").path("optimizer")).set("learningRate", DoubleNode.valueOf(Double.POSITIVE_INFINITY));
        assertThatThrownBy(() -> loader.fromTree(tree, "config.json"))
                .hasMessageContaining("config.json").hasMessageContaining("training.optimizer.learningRate: Infinity is not a finite number");
    }

    // ---- empty files, files that are not text ----

    @Test
    void anEmptyConfigIsRejectedButAnEmptyMappingIsAllDefaults() {
        String expected = "config file test.yaml is empty; write {} to use every default";
        assertThat(error("")).isEqualTo(expected);
        assertThat(error("  \n\t\n")).isEqualTo(expected);
        assertThat(error("# a config\n# to be written\n")).isEqualTo(expected);
        assertThat(errorIn("test.json", " \n")).isEqualTo("config file test.json is empty; write {} to use every default");
        assertThat(error("~\n")).contains("the top level must be a mapping").contains("not null; write {} to use every default");
        assertThat(parse("{}").training().batchSize()).isEqualTo(64);
        assertThat(loader.parse("{}", "test.json", List.of()).training().batchSize()).isEqualTo(64);
    }

    @Test
    void aBinaryFileIsNotATextFile() throws Exception {
        assertThat(fileError(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, "image.yaml"))
                .isEqualTo("config file " + tmp.resolve("image.yaml") + " is not a text file (not valid UTF-8: byte 0x89 on "
                        + "line 1, at offset 0); a config is YAML or JSON text in UTF-8");
        assertThat(fileError("name: x\nseed: 1\nname: café\n".getBytes(StandardCharsets.ISO_8859_1), "latin1.yaml"))
                .contains("latin1.yaml is not a text file (not valid UTF-8: byte 0xE9 on line 3, at offset 25)")
                .doesNotContain("Input length");
        assertThat(fileError(new byte[16], "zeros.yaml")).contains("zeros.yaml is not a text file (it contains NUL bytes, first on line 1)");
        assertThat(fileError("name: x\n".getBytes(StandardCharsets.UTF_16), "utf16.yaml"))
                .contains("utf16.yaml is not a text file (UTF-16, not UTF-8)");
    }

    @Test
    void aByteOrderMarkIsAllowed() throws Exception {
        byte[] text = "name: bom\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        assertThat(loader.load(Files.write(tmp.resolve("bom.yaml"), withBom), List.of()).name()).isEqualTo("bom");
    }

    @Test
    void aDirectoryOrAnUnreadableFileSaysSo() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("configs.yaml"));
        assertThatThrownBy(() -> loader.load(dir, List.of())).isInstanceOf(UserInputException.class)
                .hasMessage("config file " + dir + " is a directory, not a file");
        Path secret = Files.writeString(tmp.resolve("secret.yaml"), "name: x\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(secret), "running as root: permissions do not stop it from reading");
        assertThatThrownBy(() -> loader.load(secret, List.of()))
                .hasMessage("cannot read config file " + secret + ": permission denied");
    }

    @Test
    void aRunWhosePluginJarIsNotLoadedNamesTheJar(@org.junit.jupiter.api.io.TempDir java.nio.file.Path run) throws Exception {
        java.nio.file.Files.writeString(run.resolve("config.json"), "{\"model\": {\"prior\": {\"type\": \"laplace\"}}}");
        var provenance = new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"plugins\": [{\"kind\": \"prior\", "
                + "\"type\": \"laplace\", \"jar\": \"laplace-prior-1.0.jar\", \"version\": \"1.0\"}, "
                + "{\"kind\": \"encoder\", \"type\": \"mlp\"}]}");
        assertThatThrownBy(() -> new ConfigLoader(TestFixtures.framework()).fromRun(run, provenance))
                .isInstanceOf(org.vaelab.api.UserInputException.class)
                .hasMessageContaining("unknown prior type 'laplace'")
                .hasMessageContaining("the run used prior 'laplace' from laplace-prior-1.0.jar 1.0, which is not loaded")
                .hasMessageContaining("--plugins")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain("'mlp'"));
    }
}
