/** A trained model's encode, decode and sample calls, and loading one from a finished run directory. */
package org.vaelab.experiments.trained;
