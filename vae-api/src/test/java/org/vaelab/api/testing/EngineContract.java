package org.vaelab.api.testing;

import java.util.Map;
import java.util.ServiceLoader;
import org.vaelab.api.check.EngineAgreement;

/**
 * The contract every component meets, for a plugin project's tests in one line:
 * {@code EngineContract.assertFastEngineAgrees(config)}, with a tiny config that uses the component. It
 * checks what the framework checks for its built-ins: the model trains on the fast (compiled) engine, whose
 * loss terms and gradients equal the reference path's (SameDiff) to a relative 1e-5, and the reference
 * gradients agree with central finite differences (catching a wrong gradient in an op the component uses).
 * Needs the framework on the test class path: a test dependency on {@code org.vaelab:vae-experiments}.
 */
public final class EngineContract {

    /** Float rounding between two summation orders of the same float32 computation. */
    public static final double DEFAULT_TOLERANCE = 1e-5;
    /** Central differences of a float32 objective along the gradient: a coarse check, for wrong gradients. */
    private static final double FINITE_DIFFERENCE_TOLERANCE = 5e-2;

    private EngineContract() {}

    /**
     * @param configYaml a complete, tiny experiment config using the component
     * @throws AssertionError naming the parameter or term that disagrees
     */
    public static void assertFastEngineAgrees(String configYaml) {
        assertFastEngineAgrees(configYaml, DEFAULT_TOLERANCE);
    }

    /**
     * @param configYaml a complete, tiny experiment config using the component
     * @param tolerance the largest relative difference allowed between the engines (raise it, saying why,
     *     only for an objective whose float rounding is amplified, such as a log-sum-exp over large log weights)
     * @throws AssertionError naming the parameter or term that disagrees
     */
    public static void assertFastEngineAgrees(String configYaml, double tolerance) {
        assertFastEngineAgrees(configYaml, tolerance, true);
    }

    /**
     * @param configYaml a complete, tiny experiment config using the component
     * @param tolerance the largest relative difference allowed between the engines
     * @param finiteDifferences whether to check the gradients against finite differences of the objective: false
     *     only for an objective with stop-gradients (a straight-through estimator, VQ-VAE's codebook), whose
     *     gradient is by design not the derivative of its value
     * @throws AssertionError naming the parameter or term that disagrees
     */
    public static void assertFastEngineAgrees(String configYaml, double tolerance, boolean finiteDifferences) {
        EngineAgreement.Report r = agreement().measure(configYaml, 13);
        if (!r.fastEngine().startsWith("compiled")) {
            throw new AssertionError("the model does not train on the fast engine: " + r.fastEngine());
        }
        check("gradient of", r.fastVsReference(), tolerance, "the fast engine and the reference path");
        if (finiteDifferences) {
            check("gradient of", r.referenceVsFiniteDifferences(), FINITE_DIFFERENCE_TOLERANCE,
                    "the reference path and finite differences");
        }
        r.termsReference().forEach((term, expected) -> {
            double actual = r.termsFast().get(term);
            if (Math.abs(actual - expected) > tolerance * Math.abs(expected) + 1e-6) {
                throw new AssertionError("loss term " + term + ": fast engine " + actual + ", reference " + expected);
            }
        });
    }

    private static void check(String what, Map<String, Double> errors, double tolerance, String between) {
        if (errors.isEmpty()) {
            throw new AssertionError("the model has no trainable parameters to check");
        }
        errors.forEach((parameter, error) -> {
            if (!(error <= tolerance)) {
                throw new AssertionError(what + " " + parameter + ": relative difference " + error + " between "
                        + between + " (allowed " + tolerance + ")");
            }
        });
    }

    private static EngineAgreement agreement() {
        return ServiceLoader.load(EngineAgreement.class).findFirst().orElseThrow(() -> new AssertionError(
                "no vaelab framework on the test class path: add a test dependency on org.vaelab:vae-experiments"));
    }
}
