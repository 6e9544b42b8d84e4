/**
 * The dense engine: hand-written forward and backward passes for models whose components all have a
 * dense form ({@code org.vaelab.api.dense}; fully connected networks only), over the same parameters and
 * optimiser state as the other engines. Also, until the dense engine goes, the optimiser step shared with
 * the compiled engine ({@link org.vaelab.engine.dense.ParameterUpdates}).
 * {@link org.vaelab.engine.EngineChoice} decides which engine a run uses.
 */
package org.vaelab.engine.dense;
