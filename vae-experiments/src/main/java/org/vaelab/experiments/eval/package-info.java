/** Evaluation beyond the ELBO: image quality (PSNR, SSIM) of reconstructions from corrupted inputs. */
package org.vaelab.experiments.eval;
