package org.vaelab.api.dense;

/**
 * Marks a {@link org.vaelab.api.model.Prior} that is {@code N(0, I)} with no parameters, so that its
 * log-density and its closed-form KL to a diagonal Gaussian are the textbook ones.
 */
public interface StandardNormal {}
