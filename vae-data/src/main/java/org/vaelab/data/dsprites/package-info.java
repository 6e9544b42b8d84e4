/**
 * Procedurally generated dSprites (Matthey et al., 2017, "dSprites: Disentanglement testing Sprites
 * dataset", https://github.com/deepmind/dsprites-dataset): 64x64 binary images of a square, an ellipse
 * or a heart, on the published grid of five generative factors.
 *
 * <p>{@link org.vaelab.data.dsprites.DspritesGrid} holds the factor grid,
 * {@link org.vaelab.data.dsprites.DspritesRenderer} draws one image, and
 * {@link org.vaelab.data.dsprites.DspritesSource} draws a seeded subset of the grid.
 */
package org.vaelab.data.dsprites;
