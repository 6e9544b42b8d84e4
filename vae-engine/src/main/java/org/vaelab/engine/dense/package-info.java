/**
 * The dense engine: hand-written forward and backward passes for models whose components all have a
 * dense form ({@code org.vaelab.api.dense}), faster than SameDiff's op-by-op executor on the vanilla
 * MLP and conv VAEs, over the same parameters and optimiser state. Also the optimiser step shared with
 * the compiled engine ({@link org.vaelab.engine.dense.ParameterUpdates}) and the spinning thread
 * team both engines run on ({@link org.vaelab.engine.dense.SpinTeam}).
 * {@link org.vaelab.engine.EngineChoice} decides which engine a run uses.
 */
package org.vaelab.engine.dense;
