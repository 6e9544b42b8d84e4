/**
 * Built-in data sources of vaelab, registered by {@link org.vaelab.data.DataPlugin}.
 *
 * <ul>
 *   <li>{@code "dsprites"}: {@link org.vaelab.data.dsprites.DspritesSource}, procedurally generated
 *       dSprites with ground-truth factors;</li>
 *   <li>{@code "idx"}: {@link org.vaelab.data.idx.IdxSource}, MNIST-format IDX files such as
 *       Fashion-MNIST.</li>
 * </ul>
 *
 * <p>Everything here is internal to the plugin: configs refer to sources only by their type name.
 */
package org.vaelab.data;
