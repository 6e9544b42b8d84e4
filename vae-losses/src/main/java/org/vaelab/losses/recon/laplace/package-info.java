/** Laplace reconstruction likelihood with a fixed scale (config type {@code "laplace-reconstruction"}). */
package org.vaelab.losses.recon.laplace;
