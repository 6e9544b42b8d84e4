/**
 * Images from a directory tree (PNG, JPEG, GIF, BMP read with {@link javax.imageio.ImageIO}), labelled by
 * their first-level subfolder as in torchvision's {@code ImageFolder}.
 *
 * <p>{@link org.vaelab.data.folder.ImageFolderSource} lists, decodes, resizes and splits the images;
 * {@link org.vaelab.data.folder.ImageFolderSpec} is its config.
 */
package org.vaelab.data.folder;
