/** Shared helpers of the metrics: drawing and encoding factors, counting statistics, Tribuo plumbing. */
package org.vaelab.metrics.internal;
