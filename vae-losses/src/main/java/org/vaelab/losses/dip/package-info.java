/** The DIP-VAE moment-matching penalties (config type {@code "dip"}). */
package org.vaelab.losses.dip;
