package dev.tcpfleet.controlplane.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.domain.alerts.AlertState;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransitionTallyTest {
    @Test
    void aSummaryCountsEachKindOfMoveMostFrequentFirstAndStartsAfresh() {
        TransitionTally tally = new TransitionTally();
        assertEquals(Optional.empty(), tally.drain(), "nothing moved: no line");
        for (int i = 0; i < 3; i++) {
            tally.count(AlertState.Status.OK, AlertState.Status.PENDING);
        }
        tally.count(AlertState.Status.PENDING, AlertState.Status.FIRING);
        tally.count(AlertState.Status.FIRING, AlertState.Status.RESOLVED);

        assertEquals(Optional.of("5 (OK -> PENDING: 3, FIRING -> RESOLVED: 1, PENDING -> FIRING: 1)"), tally.drain());
        assertEquals(Optional.empty(), tally.drain(), "counted once");
    }
}
