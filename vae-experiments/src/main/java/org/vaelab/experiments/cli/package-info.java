/** The {@code vaelab} command line (picocli): train, validate, plugins. */
package org.vaelab.experiments.cli;
