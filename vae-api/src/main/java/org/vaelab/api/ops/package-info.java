/**
 * Graph-building helpers that plugins share: likelihoods and Gaussian densities written from elementary
 * ops, each checked in the tests against an independent computation.
 *
 * <p>Why hand-written: ND4J's {@code sd.loss.sigmoidCrossEntropy} back-propagates a gradient that
 * ignores the upstream gradient (wrong inside any larger objective), and the {@code sd.loss.*} ops
 * default to averaging over pixels and register themselves as extra losses.
 */
package org.vaelab.api.ops;
