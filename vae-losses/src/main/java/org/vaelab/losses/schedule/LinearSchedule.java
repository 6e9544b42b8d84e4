package org.vaelab.losses.schedule;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.schedule.Schedule;
import org.vaelab.api.schedule.ScheduleSpec;

/**
 * A linear ramp from {@code from} to {@code to} over {@code steps} optimiser steps, then constant:
 * <pre>
 *   value(t) = from + (to - from) * min(1, t / steps)
 * </pre>
 * with t the number of steps taken before the current one ({@link GraphContext#trainingStep()}), so the first
 * step sees {@code from}. With the defaults (0 to 1) it is the KL warm-up of S. R. Bowman et al.,
 * <i>Generating Sentences from a Continuous Space</i>, CoNLL 2016, and C. K. Sønderby et al., <i>Ladder
 * Variational Autoencoders</i>, NeurIPS 2016.
 *
 * @param spec the validated spec
 */
public record LinearSchedule(Spec spec) implements Schedule {

    /**
     * Config of {@link LinearSchedule}: {@code {"type": "linear", "steps": 1000}}.
     *
     * @param from the value at step 0; default 0
     * @param to the value from step {@code steps} on; default 1
     * @param steps the length of the ramp in optimiser steps; default 1000
     */
    public record Spec(
            @JsonPropertyDescription("The value at the first step. Default 0.0.")
            @PositiveOrZero Double from,
            @JsonPropertyDescription("The value reached after `steps` steps and kept from then on. Default 1.0.")
            @PositiveOrZero Double to,
            @JsonPropertyDescription("Length of the ramp, in optimiser steps (batches). Default 1000.")
            @Positive Integer steps) implements ScheduleSpec {
        /** The config type name. */
        public static final String TYPE = "linear";

        /** Fills in the defaults. */
        public Spec {
            from = from == null ? 0.0 : from;
            to = to == null ? 1.0 : to;
            steps = steps == null ? 1000 : steps;
        }
    }

    @Override
    public SDVariable value(GraphContext g) {
        SDVariable progress = g.sd().math.min(g.trainingStep().div((double) spec.steps()), one(g));
        return progress.mul(spec.to() - spec.from()).add(spec.from());
    }

    static SDVariable one(GraphContext g) {
        return g.sd().constant(org.nd4j.linalg.factory.Nd4j.scalar(g.dataType(), 1.0));
    }
}
