/**
 * What the engines are fed and how a split is scored: a seeded epoch of batches ({@code BatchIterator}) with
 * its reparameterisation noise, corruption and component inputs ({@code ComponentInputs}), drawn ahead on
 * its own thread ({@code Prefetch}); and the held-out negative ELBO, loss terms and IWAE estimate over a split
 * ({@code Evaluator}).
 */
package org.vaelab.engine.batch;
