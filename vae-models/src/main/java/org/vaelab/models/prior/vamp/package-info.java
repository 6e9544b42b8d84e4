/** The VampPrior: a mixture of the posteriors of learned pseudo-inputs (config type {@code "vamp"}). */
package org.vaelab.models.prior.vamp;
