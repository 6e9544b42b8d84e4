package org.vaelab.api.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A placeholder a component asked the {@link GraphContext} for, which the framework feeds at every step
 * (training and evaluation): seeded noise for extra samples, or where training stands, for schedules.
 *
 * @param name the placeholder's name in the graph
 * @param kind what is fed
 * @param perExample the shape of one example's values (noise), or empty for a scalar (step, epoch)
 */
public record GraphInput(String name, Kind kind, long[] perExample) {

    /** What the framework feeds. */
    public enum Kind {
        /** Independent standard normal draws, {@code [batch, perExample...]}. */
        STANDARD_NORMAL,
        /** Independent uniform draws on [0, 1), {@code [batch, perExample...]}. */
        UNIFORM,
        /** The number of optimiser steps taken before this one (0 at the first), a scalar. */
        TRAINING_STEP,
        /** The 0-based epoch of this step, a scalar. */
        EPOCH;

        /** @return whether this kind is per-example noise (rather than a scalar of training progress) */
        public boolean isNoise() {
            return this == STANDARD_NORMAL || this == UNIFORM;
        }
    }

    /**
     * Checks the parts.
     *
     * @param name the placeholder name
     * @param kind what is fed
     * @param perExample one example's shape
     */
    public GraphInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        perExample = perExample.clone();
        for (long d : perExample) {
            if (d <= 0) {
                throw new IllegalArgumentException("input " + name + ": every dimension must be positive, got "
                        + Arrays.toString(perExample));
            }
        }
    }

    /** @return one example's shape (a copy) */
    @Override
    public long[] perExample() {
        return perExample.clone();
    }

    /** @return values per example (1 for a scalar) */
    public long valuesPerExample() {
        long n = 1;
        for (long d : perExample) {
            n *= d;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GraphInput other && name.equals(other.name) && kind == other.kind
                && Arrays.equals(perExample, other.perExample);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind, Arrays.hashCode(perExample));
    }

    @Override
    public String toString() {
        return name + " (" + kind + " " + Arrays.toString(perExample) + ")";
    }
}
