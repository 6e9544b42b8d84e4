/**
 * The compiled engine's executor: a SameDiff graph (with the backward ops SameDiff's autodiff
 * generated) compiled into a fixed program ({@link org.vaelab.engine.compiled.CompiledGraph}): ops
 * ordered once, arrays bound once per batch size, each op run straight through ND4J or, for the op types
 * a VAE spends its time in, through the engine's own kernels ({@code Kernels}: matrix products and
 * convolutions into the BLAS, element-wise arithmetic, exp/log1p and reductions on the JDK vector API).
 */
package org.vaelab.engine.compiled;
