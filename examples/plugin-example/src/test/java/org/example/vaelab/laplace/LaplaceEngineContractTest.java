package org.example.vaelab.laplace;

import org.junit.jupiter.api.Test;
import org.vaelab.api.testing.EngineContract;

/**
 * The contract vaelab holds its own components to: a model using this plugin's prior and loss term trains on
 * the fast engine with the reference path's loss terms and gradients, and those gradients agree with finite
 * differences.
 */
class LaplaceEngineContractTest {

    @Test
    void laplacePriorAndLatentL1MeetTheEngineContract() {
        EngineContract.assertFastEngineAgrees("""
                name: contract
                data: {type: dsprites, trainSize: 64, testSize: 16}
                model:
                  latentDim: 4
                  encoder: {type: mlp, hidden: [16]}
                  decoder: {type: mlp, hidden: [16]}
                  prior: {type: laplace, scale: 1.0}
                losses:
                  - {type: bernoulli-reconstruction}
                  - {type: beta-kl}
                  - {type: latent-l1, weight: 0.1}
                """);
    }
}
