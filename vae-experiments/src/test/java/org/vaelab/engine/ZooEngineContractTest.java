package org.vaelab.engine;

import org.junit.jupiter.api.Test;
import org.vaelab.api.testing.EngineContract;

/**
 * The model zoo's components on the engine contract (compiled engine against SameDiff's loss terms and gradients,
 * SameDiff's gradients against finite differences), one tiny model per new component or combination.
 */
class ZooEngineContractTest {

    private static final String MLP = """
              encoder: {type: mlp, hidden: [16], activation: elu}
              decoder: {type: mlp, hidden: [16], activation: gelu}""";

    private static void agrees(String prior, String losses) {
        EngineContract.assertFastEngineAgrees(EngineContractTest.config(MLP + (prior.isEmpty() ? "" : "\nprior: " + prior),
                losses));
    }

    @Test
    void schedules() {
        agrees("", """
                - {type: bernoulli-reconstruction}
                - {type: beta-kl, beta: 2.0, schedule: {type: linear, steps: 3}}""");
        agrees("", """
                - {type: bernoulli-reconstruction}
                - {type: beta-kl, schedule: {type: cyclical, totalSteps: 8, cycles: 2, ratio: 0.5}}""");
        agrees("", """
                - {type: bernoulli-reconstruction}
                - {type: beta-kl-capacity, gamma: 10, capacity: 5, steps: 4}""");
    }

    @Test
    void freeBits() {
        agrees("", """
                - {type: bernoulli-reconstruction}
                - {type: free-bits, lambda: 0.1}""");
    }

    @Test
    void likelihoods() {
        agrees("", """
                - {type: laplace-reconstruction, scale: 0.2}
                - {type: beta-kl}""");
        agrees("", """
                - {type: continuous-bernoulli-reconstruction}
                - {type: beta-kl}""");
        agrees("", """
                - {type: learned-gaussian-reconstruction, sigma: global, initialSigma: 0.5}
                - {type: beta-kl}""");
        agrees("", """
                - {type: learned-gaussian-reconstruction, sigma: per-pixel}
                - {type: beta-kl}""");
        agrees("", """
                - {type: discretised-logistic-reconstruction, scale: per-pixel}
                - {type: beta-kl}""");
        agrees("", """
                - {type: discretised-logistic-reconstruction, scale: global, initialScale: 0.3, bins: 16}
                - {type: beta-kl}""");
    }

    @Test
    void decoderPredictedScales() {
        agrees("", """
                - {type: learned-gaussian-reconstruction, sigma: decoder, initialSigma: 0.5}
                - {type: beta-kl}""");
        agrees("", """
                - {type: discretised-logistic-reconstruction, scale: decoder}
                - {type: beta-kl}""");
        // no finite differences on a conv model (see residualConvBlocks)
        EngineContract.assertFastEngineAgrees(EngineContractTest.config("""
                encoder: {type: conv, channels: [4, 4], dense: [8], activation: elu}
                decoder: {type: conv, channels: [4, 4], dense: [8], activation: elu}""", """
                - {type: learned-gaussian-reconstruction, sigma: decoder}
                - {type: beta-kl}"""), EngineContract.DEFAULT_TOLERANCE, false);
    }

    @Test
    void iwae() {
        // against SameDiff in float32 the encoder's gradients differ by 6e-4 here, but that is SameDiff's own rounding:
        // its in-order float sums of the 4,096 pixels' log-likelihoods (about 2,800 nats) are off by about 6e-3 nats,
        // which the samples' weights exp(log w) amplify. Against float64 the compiled engine is off by 5e-5, SameDiff
        // by 5.7e-4; with small per-pixel terms (a Gaussian likelihood) the two float32 engines agree to 1e-7.
        agrees("", """
                - {type: bernoulli-reconstruction, weight: 0}
                - {type: iwae, samples: 3}""");
        agrees("", """
                - {type: gaussian-reconstruction, sigma: 30}
                - {type: iwae, samples: 3}""");
    }

    @Test
    void mmd() {
        agrees("", """
                - {type: bernoulli-reconstruction}
                - {type: beta-kl}
                - {type: mmd, kernel: rbf, weight: 10}""");
        agrees("", """
                - {type: bernoulli-reconstruction}
                - {type: mmd, kernel: imq, weight: 10}""");
    }

    @Test
    void disentanglingRegularisers() {
        agrees("", """
                - {type: bernoulli-reconstruction}
                - {type: beta-kl}
                - {type: total-correlation, beta: 6, datasetSize: 64}""");
        agrees("", """
                - {type: bernoulli-reconstruction}
                - {type: beta-kl}
                - {type: dip, variant: i, lambdaOd: 1}""");
        agrees("", """
                - {type: bernoulli-reconstruction}
                - {type: beta-kl}
                - {type: dip, variant: ii, lambdaOd: 1}""");
    }

    @Test
    void factorVae() {
        // no finite differences: the stop-gradients make the gradient differ from the derivative of the value on purpose
        EngineContract.assertFastEngineAgrees(EngineContractTest.config(MLP, """
                - {type: bernoulli-reconstruction}
                - {type: beta-kl}
                - {type: factor-tc, gamma: 10, hiddenLayers: 2, hiddenUnits: 8}"""), EngineContract.DEFAULT_TOLERANCE, false);
    }

    @Test
    void priors() {
        agrees("{type: gaussian-mixture, components: 3}", """
                - {type: bernoulli-reconstruction}
                - {type: beta-kl}""");
        agrees("{type: vamp, components: 3}", """
                - {type: bernoulli-reconstruction}
                - {type: beta-kl}""");
        agrees("{type: vamp, components: 2}", """
                - {type: bernoulli-reconstruction}
                - {type: mmd}""");
        // in-graph sampling with weighted components (MMD against the mixture's own draws)
        agrees("{type: gaussian-mixture, components: 3}", """
                - {type: bernoulli-reconstruction}
                - {type: beta-kl}
                - {type: mmd, weight: 10}""");
    }

    @Test
    void residualConvBlocks() {
        // no finite differences: on a conv model of this size the float32 central difference misses by 9e-2 (measured
        // for the plain conv encoder and decoder with elu as well, 8.7e-2 with blocks), above the contract's 5e-2;
        // ResidualBlocksTest checks the blocks' gradients against central differences in double precision
        EngineContract.assertFastEngineAgrees(EngineContractTest.config("""
                encoder: {type: conv, channels: [4, 4], dense: [8], residualBlocks: 1, activation: elu}
                decoder: {type: conv, channels: [4, 4], dense: [8], residualBlocks: 1, activation: elu}""", """
                - {type: bernoulli-reconstruction}
                - {type: beta-kl}"""), EngineContract.DEFAULT_TOLERANCE, false);
    }

    @Test
    void vectorQuantised() {
        // the straight-through estimator and the codebook's stop-gradients, on both engines; no finite differences:
        // a stop-gradient makes the gradient differ from the derivative of the value on purpose
        EngineContract.assertFastEngineAgrees(EngineContractTest.config("""
                encoder: {type: vq, codes: 8, encoder: {type: mlp, hidden: [16]}}
                decoder: {type: mlp, hidden: [16]}""", """
                - {type: bernoulli-reconstruction}
                - {type: vq, beta: 0.25}"""), EngineContract.DEFAULT_TOLERANCE, false);
        // l2-normalised lookup, in pieces (the zoo config's form); the codebook's perplexity and codes used compared too
        EngineContract.assertFastEngineAgrees(EngineContractTest.config("""
                encoder: {type: vq, codes: 8, codeDim: 2, normalize: true, encoder: {type: mlp, hidden: [16]}}
                decoder: {type: mlp, hidden: [16]}""", """
                - {type: bernoulli-reconstruction}
                - {type: vq, beta: 0.25}""").replace("latentDim: 3", "latentDim: 4"), EngineContract.DEFAULT_TOLERANCE, false);
    }
}
