/** The importance-weighted K-sample bound as a training objective (config type {@code "iwae"}). */
package org.vaelab.losses.iwae;
