package dev.tcpfleet.controlplane.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransitionTallyTest {
    @Test
    void aSummaryCountsEachKindOfMoveMostFrequentFirstAndStartsAfresh() {
        TransitionTally tally = new TransitionTally();
        assertEquals(Optional.empty(), tally.drain(), "nothing moved: no line");
        for (int i = 0; i < 3; i++) {
            tally.count("OK", "PENDING");
        }
        tally.count("PENDING", "FIRING");
        tally.count("FIRING", "RESOLVED");

        assertEquals(Optional.of("5 (OK -> PENDING: 3, FIRING -> RESOLVED: 1, PENDING -> FIRING: 1)"), tally.drain());
        assertEquals(Optional.empty(), tally.drain(), "counted once");
    }
}
