/**
 * MNIST-format IDX files (LeCun et al., 1998; Xiao, Rasul and Vollgraf, 2017, "Fashion-MNIST: a Novel
 * Image Dataset for Benchmarking Machine Learning Algorithms", arXiv:1708.07747), plain or gzipped.
 *
 * <p>{@link org.vaelab.data.idx.IdxReader} parses one file; {@link org.vaelab.data.idx.IdxSource} finds
 * the four files of a dataset in a directory and loads them.
 */
package org.vaelab.data.idx;
