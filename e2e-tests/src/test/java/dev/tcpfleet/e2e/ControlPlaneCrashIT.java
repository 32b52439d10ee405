package dev.tcpfleet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.testing.TopicRecords;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The control plane stopped in the middle of a steady snapshot stream and started again on the same broker and
 * database. Offsets are committed only after a snapshot's transaction, so every snapshot is stored exactly once
 * either way; how it stopped decides whether anything is read twice.
 */
class ControlPlaneCrashIT {
    /** What a SIGTERM may take: requests (quarkus.shutdown.timeout, 10 s) and the consumers' drain, with room. */
    private static final Duration SHUTDOWN_BOUND = Duration.ofSeconds(30);
    /** The JVM's status once it ran its shutdown hooks on SIGTERM (a crash gives 1, SIGKILL 137). */
    private static final int STOPPED_BY_SIGTERM = 128 + 15;

    /**
     * SIGKILL: what was stored but not yet committed is read again after the restart, and the snapshot key makes that
     * second copy a no-op.
     */
    @Test
    void everySnapshotIsStoredExactlyOnceAcrossAKill() throws Exception {
        try (TestFleet fleet = TestFleet.start(0, network -> Map.of());
             SteadySnapshots steady = SteadySnapshots.start(fleet)) {
            steady.awaitMoreStored(200);
            fleet.crashControlPlane();
            steady.awaitMoreStored(200);

            steady.assertEachStoredOnce();
            assertTrue(steady.duplicatesSeen() > 0,
                    "the kill came between storing and committing, so some snapshots were read twice");
        }
    }

    /**
     * SIGTERM: the consumers pause, finish storing what they polled and commit it before the process exits, so the
     * restarted control plane reads nothing twice.
     */
    @Test
    void aSigtermFinishesAndCommitsWhatWasInFlightSoNothingIsReadTwice() throws Exception {
        try (TestFleet fleet = TestFleet.start(0, network -> Map.of());
             SteadySnapshots steady = SteadySnapshots.start(fleet)) {
            steady.awaitMoreStored(200);
            int status = fleet.terminateControlPlane(SHUTDOWN_BOUND); // fails if it runs longer
            fleet.startControlPlane();
            steady.awaitMoreStored(200);

            steady.assertEachStoredOnce();
            assertEquals(0, steady.duplicatesSeen(), "the restarted control plane read again what was committed");
            assertEquals(STOPPED_BY_SIGTERM, status, "exit status after SIGTERM");
            assertTrue(TopicRecords.all(fleet.broker.bootstrapServers(), Topics.DEAD_LETTERS).isEmpty(),
                    "a snapshot was dead-lettered on the way down");
        }
    }
}
