/**
 * The spinning thread team every fast engine splits a step over ({@link org.vaelab.engine.threads.SpinTeam}): the
 * compiled engine meets at its barrier between ops, the dense engine once a step.
 */
package org.vaelab.engine.threads;
