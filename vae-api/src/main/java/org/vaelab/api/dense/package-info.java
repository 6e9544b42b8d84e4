/**
 * Optional dense forms of components, for the runner's fast path.
 *
 * <p>Every component is defined by its SameDiff ops, and that definition is the reference. A
 * component whose ops are a standard building block can also <em>describe</em> them with one of these
 * interfaces: an encoder or decoder that is a chain of fully connected layers
 * ({@link org.vaelab.api.dense.DenseNetwork}), a loss term that is a Bernoulli or Gaussian
 * likelihood or the closed-form KL ({@link org.vaelab.api.dense.DenseLossTerm}), the standard normal
 * prior ({@link org.vaelab.api.dense.StandardNormal}). When every component of a run has a dense form,
 * the runner may train and evaluate it with hand-written forward and backward passes over the same
 * parameters instead of SameDiff's graph executor (config {@code training.engine}), which is several
 * times faster for these small models. The description is a promise: it must compute exactly what the
 * SameDiff ops compute, and the framework's tests check the built-in components' two forms against each
 * other. Components without a dense form are unaffected; they always run on SameDiff.
 *
 * <p>These types are descriptions only (names, sizes, enums): no ND4J type appears here.
 */
package org.vaelab.api.dense;
