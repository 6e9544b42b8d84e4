/**
 * Schedules over training steps ({@code constant}, {@code linear}, {@code cyclical}), computed inside the
 * graph from the fed training step: the KL weight's warm-up (Bowman et al. 2016) and cyclical annealing
 * (Fu et al. 2019).
 */
package org.vaelab.losses.schedule;
