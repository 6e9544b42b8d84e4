package org.vaelab.engine.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class SpinTeamTest {

    @Test
    void everyMemberRunsOncePerRunAndTheBarrierSeparatesThePhases() {
        try (SpinTeam team = new SpinTeam(3)) {
            for (int run = 0; run < 200; run++) {
                AtomicIntegerArray before = new AtomicIntegerArray(3);
                int[] seenAfterBarrier = new int[3];
                Throwable failure = team.run(i -> {
                    before.incrementAndGet(i);
                    team.await();
                    int sum = 0;
                    for (int j = 0; j < 3; j++) {
                        sum += before.get(j);
                    }
                    seenAfterBarrier[i] = sum;              // all three must have passed phase one
                });
                assertThat(failure).isNull();
                assertThat(seenAfterBarrier).containsExactly(3, 3, 3);
            }
        }
    }

    @Test
    void aMembersOwnErrorIsReportedNotTheBrokenBarrierItLeftTheOthersAt() {
        try (SpinTeam team = new SpinTeam(2)) {
            Throwable failure = team.run(i -> {
                if (i == 1) {
                    throw new IllegalArgumentException("member 1 failed");
                }
                team.await();
            });
            assertThat(failure).isInstanceOf(IllegalArgumentException.class).hasMessage("member 1 failed");
            // the team is usable again after a failed run
            assertThat(team.run(i -> team.await())).isNull();
        }
    }
}
