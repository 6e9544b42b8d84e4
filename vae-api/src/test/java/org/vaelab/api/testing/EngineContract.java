package org.vaelab.api.testing;

import java.util.Map;
import java.util.ServiceLoader;
import org.vaelab.api.check.EngineAgreement;

/**
 * The contract every component meets, for a plugin project's tests in one line:
 * {@code EngineContract.assertFastEngineAgrees(config)}, with a tiny config that uses the component. It
 * checks what the framework checks for its built-ins: the model trains on the fast (compiled) engine, whose
 * loss terms and gradients equal the exact ones (SameDiff's graph in float64) to a relative 1e-5, or are at
 * least as close to them as the reference path in float32 is (SameDiff's own rounding, which a K-sample bound
 * amplifies, is the limit then), and the reference gradients agree with central finite differences (catching a
 * wrong gradient in an op the component uses). A component that cannot run in float64 is judged against the
 * float32 reference path instead.
 * Needs the framework on the test class path: a test dependency on {@code org.vaelab:vae-experiments}.
 */
public final class EngineContract {

    /** Float rounding between two summation orders of the same float32 computation. */
    public static final double DEFAULT_TOLERANCE = 1e-5;
    /** Beyond the tolerance, the fast engine may be off the exact value by this many times the float32 reference's error. */
    private static final double REFERENCE_ROUNDING_FACTOR = 2;
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
        if (r.fastVsExact().isEmpty()) {
            check("gradient of", r.fastVsReference(), Map.of(), tolerance, "the fast engine and the reference path");
        } else {
            check("gradient of", r.fastVsExact(), r.referenceVsExact(), tolerance,
                    "the fast engine and the float64 reference");
        }
        if (finiteDifferences) {
            check("gradient of", r.referenceVsFiniteDifferences(), Map.of(), FINITE_DIFFERENCE_TOLERANCE,
                    "the reference path and finite differences");
        }
        r.termsReference().forEach((term, reference) -> {
            double actual = r.termsFast().get(term);
            Double exact = r.termsExact().get(term);
            double expected = exact == null ? reference : exact;
            double allowed = Math.max(tolerance * Math.abs(expected) + 1e-6,
                    exact == null ? 0 : REFERENCE_ROUNDING_FACTOR * Math.abs(reference - exact));
            if (!(Math.abs(actual - expected) <= allowed)) {
                throw new AssertionError("loss term " + term + ": fast engine " + actual + ", "
                        + (exact == null ? "reference " : "exact (float64) ") + expected + ", float32 reference "
                        + reference);
            }
        });
    }

    /**
     * @param referenceErrors per parameter, the float32 reference's own error (empty: none allowed beyond tolerance)
     */
    private static void check(String what, Map<String, Double> errors, Map<String, Double> referenceErrors,
            double tolerance, String between) {
        if (errors.isEmpty()) {
            throw new AssertionError("the model has no trainable parameters to check");
        }
        errors.forEach((parameter, error) -> {
            double referenceError = referenceErrors.getOrDefault(parameter, 0.0);
            double allowed = Math.max(tolerance, REFERENCE_ROUNDING_FACTOR * referenceError);
            if (!(error <= allowed)) {
                throw new AssertionError(what + " " + parameter + ": relative difference " + error + " between "
                        + between + " (allowed " + tolerance
                        + (referenceErrors.isEmpty() ? "" : ", or twice the float32 reference's own " + referenceError)
                        + ")");
            }
        });
    }

    private static EngineAgreement agreement() {
        return ServiceLoader.load(EngineAgreement.class).findFirst().orElseThrow(() -> new AssertionError(
                "no vaelab framework on the test class path: add a test dependency on org.vaelab:vae-experiments"));
    }
}
