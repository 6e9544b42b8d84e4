/**
 * The experiment config: records bound from YAML or JSON, with defaults in their compact constructors,
 * and {@link org.vaelab.experiments.config.ConfigLoader}, which applies {@code --set} overrides, binds,
 * validates and reports every problem with its config path and line.
 */
package org.vaelab.experiments.config;
