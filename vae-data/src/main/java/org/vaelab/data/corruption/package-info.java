/**
 * Input corruptions, registered by {@link org.vaelab.data.corruption.CorruptionsPlugin}: applied by the
 * runner to each training batch, with a seeded random source, before the encoder sees it.
 *
 * <ul>
 *   <li>{@code "gaussian-noise"}: {@link org.vaelab.data.corruption.GaussianNoise}, additive noise on
 *       every value (no mask);</li>
 *   <li>{@code "salt-and-pepper"}: {@link org.vaelab.data.corruption.SaltAndPepper}, random pixels set to
 *       0 or 1;</li>
 *   <li>{@code "block-occlusion"}: {@link org.vaelab.data.corruption.BlockOcclusion}, rectangles of zeros,
 *       ones, a constant or noise;</li>
 *   <li>{@code "random-erasing"}: {@link org.vaelab.data.corruption.RandomErasing}, one noise rectangle per
 *       image with some probability (Zhong et al., 2020).</li>
 * </ul>
 *
 * <p>All work on plain float arrays copied from the batch, never on the batch itself. Those with a mask
 * mark every channel of each pixel they replaced, and leave the other pixels bit-identical.
 */
package org.vaelab.data.corruption;
