package org.vaelab.losses.schedule;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.schedule.Schedule;
import org.vaelab.api.schedule.ScheduleSpec;

/**
 * Cyclical annealing (H. Fu et al., <i>Cyclical Annealing Schedule: A Simple Approach to Mitigating KL
 * Vanishing</i>, NAACL 2019, eq. 6): the {@code totalSteps} are split into {@code cycles} periods of length
 * {@code P = totalSteps / cycles}; within each, the value ramps linearly from {@code from} to {@code to} over the
 * first {@code ratio} of the period and stays at {@code to} for the rest:
 * <pre>
 *   tau(t)   = (t mod P) / P
 *   value(t) = from + (to - from) * min(1, tau(t) / ratio)
 * </pre>
 * Past {@code totalSteps} the cycles continue. Defaults: 4 cycles, ratio 0.5, 0 to 1 (the paper's setting).
 *
 * @param spec the validated spec
 */
public record CyclicalSchedule(Spec spec) implements Schedule {

    /**
     * Config of {@link CyclicalSchedule}:
     * {@code {"type": "cyclical", "totalSteps": 10000, "cycles": 4, "ratio": 0.5}}.
     *
     * @param from the value at the start of each cycle; default 0
     * @param to the value each cycle ramps to; default 1
     * @param totalSteps the training length the cycles divide, in optimiser steps; default 10000
     * @param cycles M, the number of cycles in {@code totalSteps}; default 4
     * @param ratio R, the fraction of each cycle spent ramping; default 0.5
     */
    public record Spec(
            @JsonPropertyDescription("The value at the start of each cycle. Default 0.0.")
            @PositiveOrZero Double from,
            @JsonPropertyDescription("The value each cycle ramps to. Default 1.0.")
            @PositiveOrZero Double to,
            @JsonPropertyDescription("Training length the cycles divide, in optimiser steps (batches). Default 10000.")
            @Positive Integer totalSteps,
            @JsonPropertyDescription("M: the number of cycles in totalSteps. Default 4.")
            @Positive Integer cycles,
            @JsonPropertyDescription("R: the fraction of each cycle spent ramping up, in (0, 1]. Default 0.5.")
            @Positive @DecimalMax("1.0") Double ratio) implements ScheduleSpec {
        /** The config type name. */
        public static final String TYPE = "cyclical";

        /** Fills in the defaults. */
        public Spec {
            from = from == null ? 0.0 : from;
            to = to == null ? 1.0 : to;
            totalSteps = totalSteps == null ? 10_000 : totalSteps;
            cycles = cycles == null ? 4 : cycles;
            ratio = ratio == null ? 0.5 : ratio;
        }
    }

    @Override
    public SDVariable value(GraphContext g) {
        double period = (double) spec.totalSteps() / spec.cycles();
        SDVariable cyclesDone = g.sd().math.floor(g.trainingStep().div(period));
        SDVariable tau = g.trainingStep().sub(cyclesDone.mul(period)).div(period);
        SDVariable ramp = g.sd().math.min(tau.div(spec.ratio()), LinearSchedule.one(g));
        return ramp.mul(spec.to() - spec.from()).add(spec.from());
    }
}
