/** Comparing runs: two runs side by side ({@code RunComparison}), and a run against a re-run of itself ({@code Verification}). */
package org.vaelab.experiments.compare;
