/**
 * The discretised logistic likelihood for 8-bit images on [0, 1] (config type
 * {@code "discretised-logistic-reconstruction"}).
 */
package org.vaelab.losses.recon.logistic;
