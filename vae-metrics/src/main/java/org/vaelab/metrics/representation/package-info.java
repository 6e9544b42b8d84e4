/** Metrics of the representation itself: active units (Burda et al. 2015) and a linear probe on class labels. */
package org.vaelab.metrics.representation;
