/**
 * Turns the configured components into one SameDiff graph (training objective and evaluation outputs)
 * and a small generator graph that shares the decoder's trained parameters.
 */
package org.vaelab.engine.graph;
