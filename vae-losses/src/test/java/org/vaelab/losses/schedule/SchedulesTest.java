package org.vaelab.losses.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.vaelab.api.data.ImageShape;
import org.vaelab.api.model.SeededGraphContext;
import org.vaelab.api.schedule.Schedule;

class SchedulesTest {

    /** The schedule's value at a step, through the fed placeholder. */
    static double at(Schedule schedule, long step) {
        SameDiff sd = SameDiff.create();
        SeededGraphContext g = new SeededGraphContext(sd, DataType.DOUBLE, new ImageShape(1, 1, 1), 1, 1);
        SDVariable value = schedule.value(g);
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> feed = g.inputs().isEmpty() ? Map.of()
                : Map.of(g.trainingStep().name(), Nd4j.scalar(DataType.DOUBLE, (double) step));
        return sd.output(feed, value.name()).get(value.name()).getDouble(0);
    }

    @Test
    void constantIsItsValueAndReadsNoStep() {
        ConstantSchedule s = new ConstantSchedule(new ConstantSchedule.Spec(0.25));
        SameDiff sd = SameDiff.create();
        SeededGraphContext g = new SeededGraphContext(sd, DataType.DOUBLE, new ImageShape(1, 1, 1), 1, 1);
        s.value(g);
        assertThat(g.inputs()).isEmpty();
        assertThat(at(s, 7)).isEqualTo(0.25);
        assertThat(new ConstantSchedule.Spec(null).value()).isEqualTo(1.0);
    }

    @Test
    void linearRampsFromFromToToOverItsStepsThenStays() {
        LinearSchedule s = new LinearSchedule(new LinearSchedule.Spec(0.5, 2.5, 4));
        assertThat(at(s, 0)).isCloseTo(0.5, within(1e-12));
        assertThat(at(s, 1)).isCloseTo(1.0, within(1e-12));
        assertThat(at(s, 4)).isCloseTo(2.5, within(1e-12));
        assertThat(at(s, 100)).isCloseTo(2.5, within(1e-12));
        assertThat(new LinearSchedule.Spec(null, null, null)).isEqualTo(new LinearSchedule.Spec(0.0, 1.0, 1000));
    }

    @Test
    void cyclicalFollowsFuEtAlsRampWithinEachPeriod() {
        // T = 40, M = 4: period 10; R = 0.5: ramps over 5 steps, then holds
        CyclicalSchedule s = new CyclicalSchedule(new CyclicalSchedule.Spec(0.0, 1.0, 40, 4, 0.5));
        double[] expected = {0, 0.2, 0.4, 0.6, 0.8, 1, 1, 1, 1, 1};
        for (int t = 0; t < 45; t++) {
            assertThat(at(s, t)).as("step %d", t).isCloseTo(expected[t % 10], within(1e-9));
        }
    }
}
