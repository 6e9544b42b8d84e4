/** Batches (shuffling, corruption and noise from seeded sources), the training loop and evaluation. */
package org.vaelab.experiments.train;
