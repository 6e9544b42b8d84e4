/**
 * The pictures of a run, each drawn by a class with one job, callable on any trained model: labelled image
 * grids ({@link org.vaelab.experiments.pictures.ImageGrid}; reconstructions, prior samples, corruption),
 * latent traversals, a t-SNE map of posterior means (DL4J's Barnes-Hut t-SNE, drawn with XChart) and
 * training curves from {@code metrics.jsonl} (XChart). All draw off screen ({@code java.awt.headless}).
 */
package org.vaelab.experiments.pictures;
