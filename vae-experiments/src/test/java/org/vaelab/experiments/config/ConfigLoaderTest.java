package org.vaelab.experiments.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vaelab.api.UserInputException;
import org.vaelab.experiments.TestFixtures;

class ConfigLoaderTest {

    private final ConfigLoader loader = new ConfigLoader(TestFixtures.framework());

    private ExperimentConfig parse(String yaml, String... overrides) {
        return loader.parse(yaml, "test.yaml", List.of(overrides));
    }

    private String error(String yaml, String... overrides) {
        try {
            parse(yaml, overrides);
        } catch (UserInputException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the config to be rejected");
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
                .contains("known encoder types: conv, mlp");
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
}
