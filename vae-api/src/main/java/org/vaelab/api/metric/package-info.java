/**
 * Metrics of a trained model (the {@code metric} kind, listed under {@code evaluation.metrics}): each gets the
 * model's encode and decode calls and the data, never the graph, so a metric works whichever engine trained
 * the model.
 */
package org.vaelab.api.metric;
