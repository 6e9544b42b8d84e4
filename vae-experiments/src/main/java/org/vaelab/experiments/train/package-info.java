/**
 * The training loop of a run: epochs of engine steps with their metrics lines, running sums for exact resume,
 * and the progress display.
 */
package org.vaelab.experiments.train;
