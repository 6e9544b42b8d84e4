/**
 * Input corruptions, applied to each training batch on the fly before the encoder (denoising,
 * occlusion). A corruption may also report a per-pixel mask of what it hid, which loss terms receive
 * through {@link org.vaelab.api.loss.ForwardPass#mask()}.
 */
package org.vaelab.api.corruption;
