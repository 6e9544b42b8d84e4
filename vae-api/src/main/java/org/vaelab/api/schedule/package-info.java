/**
 * Schedules: values that follow the training step (KL warm-up, cyclical annealing), a component kind of
 * their own, nested in the components that use them.
 */
package org.vaelab.api.schedule;
