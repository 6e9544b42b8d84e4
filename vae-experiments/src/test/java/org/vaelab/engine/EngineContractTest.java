package org.vaelab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vaelab.api.check.EngineAgreement;
import org.vaelab.api.testing.EngineContract;
import org.vaelab.experiments.plugins.EngineAgreementCheck;

/**
 * vae-api's contract test, run here as a plugin project runs it (one line per model), on built-in
 * components and on the test plugins; and proof that it fails a component
 * whose gradient is wrong.
 */
class EngineContractTest {

    /**
     * @param model the model section's lines (without latentDim)
     * @param losses the losses list's lines
     * @return a tiny dSprites config on the compiled engine
     */
    static String config(String model, String losses) {
        return """
                name: contract
                seed: 3
                data: {type: dsprites, trainSize: 64, testSize: 16}
                model:
                  latentDim: 3
                %s
                losses:
                %s
                training: {epochs: 1, batchSize: 16, engine: compiled}
                """.formatted(model.strip().indent(2).stripTrailing(), losses.strip().indent(2).stripTrailing());
    }

    private static final String MLP = """
              encoder: {type: mlp, hidden: [16], activation: elu}
              decoder: {type: mlp, hidden: [16], activation: leaky-relu}""";

    @Test
    void builtInComponentsMeetTheContract() {
        EngineContract.assertFastEngineAgrees(config(MLP, """
                  - {type: gaussian-reconstruction, sigma: 0.3}
                  - {type: beta-kl, beta: 4.0}"""));
        EngineContract.assertFastEngineAgrees(config(MLP, """
                  - {type: denoising}
                  - {type: beta-kl}""").replace("training:", "corruption: {type: salt-and-pepper, probability: 0.2}\ntraining:"));
    }

    @Test
    void thePluginCapabilitiesMeetTheContract() {
        EngineContract.assertFastEngineAgrees(config(MLP + "\nprior: {type: pseudo-inputs, components: 2}", """
                  - {type: bernoulli-reconstruction}
                  - {type: warmup-kl, warmupSteps: 3}"""));
        EngineContract.assertFastEngineAgrees(config(MLP, """
                  - {type: bernoulli-reconstruction}
                  - {type: beta-kl}
                  - {type: prior-mmd}"""));
        EngineContract.assertFastEngineAgrees(config("""
                  encoder: {type: laplace-linear}
                  decoder: {type: mlp, hidden: [16]}""", """
                  - {type: bernoulli-reconstruction}
                  - {type: beta-kl}"""));
    }

    @Test
    void aWrongGradientFailsTheContract() {
        // SameDiff M2.1 differentiates a division by a [1, 1] parameter wrongly: the contract names the parameter
        assertThatThrownBy(() -> EngineContract.assertFastEngineAgrees(config(MLP, """
                  - {type: bernoulli-reconstruction}
                  - {type: beta-kl}
                  - {type: learned-divisor}"""))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("gradient of loss/divisor");
    }

    @Test
    void theFloat64OracleSeesEachFloat32PathsRounding() {
        String model = """
                  encoder: {type: mlp, hidden: [16], activation: elu}
                  decoder: {type: mlp, hidden: [16], activation: gelu}""";
        // a K-sample bound over 4,096-pixel log-likelihoods: ND4J's in-order float sums (about 6e-3 nats off) move
        // the samples' weights, so SameDiff in float32 is measurably off the float64 gradient, the kernels' 8-lane
        // sums less so
        EngineAgreement.Report iwae = new EngineAgreementCheck().measure(config(model, """
                  - {type: bernoulli-reconstruction, weight: 0}
                  - {type: iwae, samples: 3}"""), 13);
        assertThat(iwae.referenceVsExact()).isNotEmpty();
        assertThat(iwae.referenceVsExact().values()).anySatisfy(e -> assertThat(e).isGreaterThan(1e-4));
        iwae.fastVsExact().forEach((name, e) -> assertThat(e).as(name).isLessThan(iwae.referenceVsExact().get(name)));
        // the plain bound: both float32 paths within 1e-5 of float64, and the loss terms too
        EngineAgreement.Report plain = new EngineAgreementCheck().measure(config(model, """
                  - {type: bernoulli-reconstruction}
                  - {type: beta-kl}"""), 13);
        assertThat(plain.fastVsExact().keySet()).isEqualTo(plain.fastVsReference().keySet());
        plain.fastVsExact().forEach((name, e) -> assertThat(e).as(name).isLessThan(1e-5));
        plain.referenceVsExact().forEach((name, e) -> assertThat(e).as(name).isLessThan(1e-5));
        plain.termsExact().forEach((term, exact) -> assertThat(plain.termsFast().get(term)).as(term)
                .isCloseTo(exact, org.assertj.core.api.Assertions.within(1e-5 * Math.abs(exact))));
    }
}
