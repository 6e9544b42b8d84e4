/**
 * The framework around the plugins: configs, plugin wiring, the engines, run directories and the
 * command line. Internal: plugins must not depend on it.
 *
 * <ul>
 *   <li>{@code config}: the experiment config records, loading YAML/JSON with overrides and errors that name the path;</li>
 *   <li>{@code plugins}: finding plugins with ServiceLoader, the Guice injector, the registry of component types;</li>
 *   <li>{@code graph}: turning a config into one SameDiff graph;</li>
 *   <li>{@code engine}: the {@code Engine} interface and the choice of engine; {@code compiled}: the compiled
 *       engine's executor and kernels;</li>
 *   <li>{@code train}: batches, the training loop, evaluation;</li>
 *   <li>{@code runner}: a run from start to summary, resume, stop signals; {@code checkpoint}: atomic, verified
 *       checkpoints and when to write them; {@code sweep}: grids of runs;
 *       {@code bench}: the benchmark; {@code eval}: robustness metrics;</li>
 *   <li>{@code trained}: a trained model's encode, decode and sample calls, loading a finished run, metrics;
 *       {@code table}: tables over finished runs; {@code compare}: comparing and verifying runs;</li>
 *   <li>{@code run}: the run directory (atomic files, provenance, metrics, images, the writer's lock, statuses,
 *       readable I/O and JSON errors, failpoints for kill tests);</li>
 *   <li>{@code cli}: the picocli commands.</li>
 * </ul>
 */
package org.vaelab.experiments;
