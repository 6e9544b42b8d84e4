package org.vaelab.experiments.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The optimiser.
 *
 * @param type {@code adam} or {@code sgd}
 * @param learningRate step size
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param epsilon Adam's denominator constant
 */
public record OptimizerSection(
        @JsonPropertyDescription("Optimiser: adam or sgd.")
        @NotNull Kind type,
        @JsonPropertyDescription("Learning rate.")
        @NotNull @Positive Double learningRate,
        @JsonPropertyDescription("Adam: exponential decay of the first moment.")
        @NotNull @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double beta1,
        @JsonPropertyDescription("Adam: exponential decay of the second moment.")
        @NotNull @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double beta2,
        @JsonPropertyDescription("Adam: constant added to the denominator.")
        @NotNull @Positive Double epsilon) {

    /** Optimiser kinds. */
    public enum Kind {
        /** Kingma and Ba 2015. */
        @JsonProperty("adam") ADAM,
        /** Plain stochastic gradient descent. */
        @JsonProperty("sgd") SGD
    }

    /** Fills in PyTorch's Adam defaults with learning rate 1e-3. */
    public OptimizerSection {
        if (type == null) {
            type = Kind.ADAM;
        }
        if (learningRate == null) {
            learningRate = 1e-3;
        }
        if (beta1 == null) {
            beta1 = 0.9;
        }
        if (beta2 == null) {
            beta2 = 0.999;
        }
        if (epsilon == null) {
            epsilon = 1e-8;
        }
    }

    /** @return the ND4J updater for these settings */
    public IUpdater toUpdater() {
        return switch (type) {
            case ADAM -> new Adam(learningRate, beta1, beta2, epsilon);
            case SGD -> new Sgd(learningRate);
        };
    }
}
