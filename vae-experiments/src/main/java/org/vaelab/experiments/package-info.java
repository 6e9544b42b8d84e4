/**
 * The framework around the plugins: configs, plugin wiring, the SameDiff trainer, run directories and
 * the command line. Internal: plugins must not depend on it.
 *
 * <ul>
 *   <li>{@code config}: the experiment config records, loading YAML/JSON with overrides and errors that name the path;</li>
 *   <li>{@code plugins}: finding plugins with ServiceLoader, the Guice injector, the registry of component types;</li>
 *   <li>{@code graph}: turning a config into one SameDiff graph;</li>
 *   <li>{@code train}: batches, the training loop, evaluation;</li>
 *   <li>{@code run}: the run directory (atomic files, provenance, metrics, images);</li>
 *   <li>{@code cli}: the picocli commands.</li>
 * </ul>
 */
package org.vaelab.experiments;
