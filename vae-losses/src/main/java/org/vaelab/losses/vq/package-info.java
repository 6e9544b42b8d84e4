/** VQ-VAE's codebook and commitment losses ({@code "type": "vq"}), for the {@code vq} encoder of vae-models. */
package org.vaelab.losses.vq;
