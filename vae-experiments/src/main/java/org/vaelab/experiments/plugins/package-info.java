/** Plugin discovery (ServiceLoader, optional plugin jars), the Guice injector and the component registry. */
package org.vaelab.experiments.plugins;
