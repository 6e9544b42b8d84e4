/**
 * {@code vaelab bench}: training and evaluation throughput of a config's model, its counted FLOPs and
 * achieved GFLOP/s against a matmul rate measured in the same process, peak memory and thread settings.
 * A benchmark, not a test: the figures depend on the machine and on what else runs on it.
 */
package org.vaelab.experiments.bench;
