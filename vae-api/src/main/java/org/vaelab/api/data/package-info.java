/**
 * Data sources: where images (and, when known, labels and ground-truth factors) come from.
 *
 * <p>A {@link org.vaelab.api.data.DataSource} loads a {@link org.vaelab.api.data.Dataset} into memory
 * once per run; the runner shuffles and batches it with the run's seeded random source. Images are
 * flat float rows in [0, 1], channel-major (NCHW) order.
 */
package org.vaelab.api.data;
