/** Runs an experiment from a validated config: components, graph, training, evaluation, run directory. */
package org.vaelab.experiments.runner;
