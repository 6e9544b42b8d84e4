/** The maximum mean discrepancy between the codes and prior samples (InfoVAE, WAE-MMD; config type {@code "mmd"}). */
package org.vaelab.losses.mmd;
