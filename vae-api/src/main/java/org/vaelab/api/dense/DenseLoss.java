package org.vaelab.api.dense;

import java.util.Objects;

/**
 * A loss term's dense form: which standard quantity its per-example value is.
 *
 * @param kind the quantity
 * @param sigma the standard deviation of a {@link Kind#GAUSSIAN_NLL}; ignored otherwise
 */
public record DenseLoss(Kind kind, double sigma) {

    /** The standard per-example quantities. */
    public enum Kind {
        /** {@code sum_pixels relu(l) - l*x + log1p(exp(-|l|))}: Bernoulli NLL of the clean target x given logits l. */
        BERNOULLI_NLL,
        /** {@code sum_pixels (x - m)^2 / (2 sigma^2) + log(sigma) + log(2 pi)/2}: Gaussian NLL given means m. */
        GAUSSIAN_NLL,
        /** {@code KL(q(z|x) || p(z))} in closed form (the prior must have one). */
        ANALYTIC_KL
    }

    /**
     * Validates the form.
     *
     * @param kind the quantity
     * @param sigma the Gaussian standard deviation
     */
    public DenseLoss {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.GAUSSIAN_NLL && !(sigma > 0)) {
            throw new IllegalArgumentException("a Gaussian NLL needs sigma > 0, got " + sigma);
        }
    }

    /** @return the Bernoulli NLL form */
    public static DenseLoss bernoulliNll() {
        return new DenseLoss(Kind.BERNOULLI_NLL, Double.NaN);
    }

    /**
     * @param sigma the fixed standard deviation
     * @return the Gaussian NLL form
     */
    public static DenseLoss gaussianNll(double sigma) {
        return new DenseLoss(Kind.GAUSSIAN_NLL, sigma);
    }

    /** @return the closed-form KL form */
    public static DenseLoss analyticKl() {
        return new DenseLoss(Kind.ANALYTIC_KL, Double.NaN);
    }
}
