package org.vaelab.api.model;

import java.util.SplittableRandom;

/**
 * Draws the initial value of each element of a parameter. {@link GraphContext#parameter} supplies
 * a random source seeded from the run seed and the parameter's scoped name.
 */
@FunctionalInterface
public interface Initializer {

    /**
     * @param rng the seeded source of randomness; the only one an initializer may use
     * @return the next element's initial value
     */
    double sample(SplittableRandom rng);

    /** @return all zeros */
    static Initializer zeros() {
        return rng -> 0.0;
    }

    /**
     * @param value the constant
     * @return every element equal to {@code value}
     */
    static Initializer constant(double value) {
        return rng -> value;
    }

    /**
     * @param bound half-width of the interval
     * @return uniform on {@code [-bound, bound)}
     */
    static Initializer uniform(double bound) {
        return rng -> (2.0 * rng.nextDouble() - 1.0) * bound;
    }

    /**
     * @param std standard deviation
     * @return normal with mean 0
     */
    static Initializer normal(double std) {
        return rng -> {
            // Marsaglia polar method: SplittableRandom has no nextGaussian in Java 17
            double u;
            double v;
            double s;
            do {
                u = 2.0 * rng.nextDouble() - 1.0;
                v = 2.0 * rng.nextDouble() - 1.0;
                s = u * u + v * v;
            } while (s >= 1.0 || s == 0.0);
            return std * u * Math.sqrt(-2.0 * Math.log(s) / s);
        };
    }

    /**
     * PyTorch's default for linear and convolution layers (weights and biases alike):
     * uniform on {@code [-1/sqrt(fanIn), 1/sqrt(fanIn))}.
     *
     * @param fanIn inputs feeding each output unit
     * @return the initializer
     */
    static Initializer fanInUniform(long fanIn) {
        return uniform(1.0 / Math.sqrt(fanIn));
    }

    /**
     * Glorot/Xavier uniform: {@code U(-sqrt(6/(fanIn+fanOut)), +sqrt(6/(fanIn+fanOut)))}.
     *
     * @param fanIn inputs per unit
     * @param fanOut outputs per unit
     * @return the initializer
     */
    static Initializer xavierUniform(long fanIn, long fanOut) {
        return uniform(Math.sqrt(6.0 / (fanIn + fanOut)));
    }
}
