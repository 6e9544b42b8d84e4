/**
 * The dense engine: hand-written forward and backward passes for models whose components all have a
 * dense form ({@code org.vaelab.api.dense}), several times faster than SameDiff's op-by-op executor on
 * the small models of VAE research, over the same parameters and optimiser state.
 * {@link org.vaelab.experiments.dense.EngineChoice} decides which engine a run uses.
 */
package org.vaelab.experiments.dense;
