/**
 * A run's checkpoints: each one a directory ({@code checkpoint/step-000000120/}) holding the model with its
 * optimiser state, the training position, and a manifest of checksums. It is written under a hidden name
 * and renamed into place in one step, so a kill at any moment leaves either the whole checkpoint or none;
 * a resume verifies it before trusting it.
 */
package org.vaelab.experiments.checkpoint;
