package dev.tcpfleet.domain.findings;

import dev.tcpfleet.protocol.Finding.Severity;
import java.util.Optional;

/**
 * When a figure becomes a finding. A figure must be over a threshold, not at it, to count.
 *
 * @param timeWaitPerDestinationWarning    TIME_WAIT sockets toward one destination
 * @param timeWaitOnHostWarning            TIME_WAIT sockets on the whole host (the old script warned here)
 * @param closeWaitPerProcess              CLOSE_WAIT sockets one process holds
 * @param listenQueueFillWarning           accept queue length over backlog, for a queue not yet full
 *                                         (a full one is critical)
 * @param listenDropsPerSecondCritical     ListenOverflows or ListenDrops per second
 * @param ephemeralPortUsage               share of the ephemeral range in use toward one destination
 * @param conntrackUsage                   share of nf_conntrack_max in use
 * @param socketMemoryOfMaxCritical        share of tcp_mem's max the TCP buffers hold; above tcp_mem's own
 *                                         pressure threshold is a warning
 * @param retransmissionRatio              RetransSegs over OutSegs
 * @param retransmissionMinOutSegsPerSecond OutSegs rate below which the ratio is not judged: on an idle host a
 *                                         few retransmissions make a large ratio that means nothing
 * @param timeoutsPerSecondWarning         TCPTimeouts (retransmission timer expiries) per second
 * @param abortsOnTimeoutPerSecondWarning  TCPAbortOnTimeout (connections given up) per second
 * @param fileHandleUsage                  share of fs.file-max allocated
 */
public record FindingThresholds(
        int timeWaitPerDestinationWarning,
        int timeWaitOnHostWarning,
        Levels closeWaitPerProcess,
        double listenQueueFillWarning,
        double listenDropsPerSecondCritical,
        Levels ephemeralPortUsage,
        Levels conntrackUsage,
        double socketMemoryOfMaxCritical,
        Levels retransmissionRatio,
        double retransmissionMinOutSegsPerSecond,
        double timeoutsPerSecondWarning,
        double abortsOnTimeoutPerSecondWarning,
        Levels fileHandleUsage) {

    /** A figure's warning and critical thresholds. */
    public record Levels(double warning, double critical) {
        public Levels {
            if (warning > critical) {
                throw new IllegalArgumentException("warning " + warning + " > critical " + critical);
            }
        }

        /** The severity {@code value} reaches, or empty when it is not over the warning threshold. */
        public Optional<Severity> severityOf(double value) {
            if (value > critical) {
                return Optional.of(Severity.CRITICAL);
            }
            return value > warning ? Optional.of(Severity.WARNING) : Optional.empty();
        }
    }

    public static FindingThresholds defaults() {
        return new FindingThresholds(
                500,
                10_000,
                new Levels(50, 500),
                0.9,
                0.0,
                new Levels(0.5, 0.8),
                new Levels(0.8, 0.95),
                0.9,
                new Levels(0.02, 0.10),
                100,
                10,
                1,
                new Levels(0.8, 0.95));
    }

    /** The same thresholds with another host-wide TIME_WAIT warning (the old script's one knob). */
    public FindingThresholds withTimeWaitOnHostWarning(int warning) {
        return new FindingThresholds(timeWaitPerDestinationWarning, warning, closeWaitPerProcess,
                listenQueueFillWarning, listenDropsPerSecondCritical, ephemeralPortUsage, conntrackUsage,
                socketMemoryOfMaxCritical, retransmissionRatio, retransmissionMinOutSegsPerSecond,
                timeoutsPerSecondWarning, abortsOnTimeoutPerSecondWarning, fileHandleUsage);
    }
}
