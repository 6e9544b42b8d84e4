/**
 * The vector-quantised encoder of VQ-VAE ({@code "type": "vq"}): a codebook, nearest-neighbour quantisation and
 * the straight-through gradient, as a posterior family ({@link org.vaelab.api.model.VectorQuantiser}).
 */
package org.vaelab.models.vq;
