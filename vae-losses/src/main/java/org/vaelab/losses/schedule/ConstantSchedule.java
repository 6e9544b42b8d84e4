package org.vaelab.losses.schedule;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.PositiveOrZero;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vaelab.api.model.GraphContext;
import org.vaelab.api.schedule.Schedule;
import org.vaelab.api.schedule.ScheduleSpec;

/**
 * The same value at every step: {@code {"type": "constant", "value": 1.0}}. It reads no placeholder.
 *
 * @param spec the validated spec
 */
public record ConstantSchedule(Spec spec) implements Schedule {

    /**
     * Config of {@link ConstantSchedule}.
     *
     * @param value the value; default 1
     */
    public record Spec(
            @JsonPropertyDescription("The value at every step. Default 1.0.")
            @PositiveOrZero Double value) implements ScheduleSpec {
        /** The config type name. */
        public static final String TYPE = "constant";

        /** Fills in the default. */
        public Spec {
            if (value == null) {
                value = 1.0;
            }
        }
    }

    @Override
    public SDVariable value(GraphContext g) {
        return g.sd().constant(org.nd4j.linalg.factory.Nd4j.scalar(g.dataType(), spec.value()));
    }
}
