package dev.tcpfleet.domain.automation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.domain.automation.WaitingAction.End;
import dev.tcpfleet.domain.automation.WaitingAction.Ending;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WaitingActionTest {
    private static final Instant QUEUED = Instant.parse("2026-12-07T20:00:00Z");
    private static final Duration TTL = Duration.ofHours(1);

    static Stream<Arguments> queued() {
        return Stream.of(
                Arguments.of(QUEUED, true, null),
                Arguments.of(QUEUED.plus(TTL).minusNanos(1000), true, null),
                Arguments.of(QUEUED, false, new End(Ending.SKIPPED, "the alert stopped firing while queued")),
                Arguments.of(QUEUED.plus(TTL), true, new End(Ending.EXPIRED, "expired: queued at 2026-12-07T20:00:00Z"
                        + " and not started within 3600 s (tcpfleet.automation.queue-ttl)")),
                // an alert gone says more than a clock: the action was no longer wanted
                Arguments.of(QUEUED.plus(TTL), false, new End(Ending.SKIPPED,
                        "the alert stopped firing while queued")));
    }

    @ParameterizedTest(name = "at {0}, alert firing {1}: {2}")
    @MethodSource("queued")
    void aQueuedActionWaitsWhileItsAlertFiresAndUntilItsTimeToLiveEnds(Instant now, boolean fires, End end) {
        assertEquals(Optional.ofNullable(end), WaitingAction.queuedEnd(QUEUED, now, TTL, fires));
    }

    @Test
    void aProposalExpiresExactlyAfterItsTimeToLive() {
        assertEquals(Optional.empty(), WaitingAction.proposalExpiry(QUEUED, QUEUED.plusSeconds(3599), TTL));
        assertEquals(Optional.of("expired: proposed at 2026-12-07T20:00:00Z and not answered within 3600 s"
                + " (tcpfleet.automation.proposal-ttl)"), WaitingAction.proposalExpiry(QUEUED, QUEUED.plus(TTL), TTL));
    }
}
