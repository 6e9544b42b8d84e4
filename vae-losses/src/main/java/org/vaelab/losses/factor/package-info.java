/** FactorVAE's total-correlation penalty and its discriminator (config type {@code "factor-tc"}). */
package org.vaelab.losses.factor;
