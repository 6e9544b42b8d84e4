/**
 * Built-in data sources of vaelab, registered by {@link org.vaelab.data.DataPlugin}, and input
 * corruptions, registered by {@link org.vaelab.data.corruption.CorruptionsPlugin}.
 *
 * <ul>
 *   <li>{@code "dsprites"}: {@link org.vaelab.data.dsprites.DspritesSource}, procedurally generated
 *       dSprites with ground-truth factors;</li>
 *   <li>{@code "idx"}: {@link org.vaelab.data.idx.IdxSource}, MNIST-format IDX files such as
 *       Fashion-MNIST;</li>
 *   <li>{@code "image-folder"}: {@link org.vaelab.data.folder.ImageFolderSource}, PNG/JPEG/GIF/BMP files
 *       in a directory tree, labelled by class subfolder;</li>
 *   <li>corruptions {@code "gaussian-noise"}, {@code "salt-and-pepper"}, {@code "block-occlusion"} and
 *       {@code "random-erasing"} in {@link org.vaelab.data.corruption}.</li>
 * </ul>
 *
 * <p>Everything here is internal to the plugin: configs refer to sources and corruptions only by
 * their type name.
 */
package org.vaelab.data;
