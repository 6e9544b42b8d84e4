/** Sweeps: a grid over config paths expanded into runs, run one after another, tabulated as an ablation table. */
package org.vaelab.experiments.sweep;
