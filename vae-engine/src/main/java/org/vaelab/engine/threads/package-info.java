/**
 * The spinning thread team the compiled engine splits a step over ({@link org.vaelab.engine.threads.SpinTeam}),
 * its members meeting at a barrier between ops.
 */
package org.vaelab.engine.threads;
