/**
 * The optimiser's step on each parameter (Adam, SGD) over the parameters and optimiser state a graph holds,
 * shared by the compiled and SameDiff engines, so a checkpoint holds the same state whichever engine trained it.
 */
package org.vaelab.engine.optimizer;
