/**
 * The run directory: a self-describing record of one run (resolved config, provenance, metrics,
 * summary, checkpoint, images), every file written atomically, never overwriting an existing run.
 */
package org.vaelab.experiments.run;
