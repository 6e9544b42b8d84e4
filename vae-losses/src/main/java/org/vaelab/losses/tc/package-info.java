/** The total correlation of the aggregate posterior (beta-TCVAE; config type {@code "total-correlation"}). */
package org.vaelab.losses.tc;
