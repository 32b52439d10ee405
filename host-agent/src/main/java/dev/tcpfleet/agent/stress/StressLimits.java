package dev.tcpfleet.agent.stress;

/**
 * The most one test may ask of this host and its target, whoever asks.
 *
 * @param maxConnections       connections per test
 * @param maxConcurrency       connections open at once
 * @param maxRate              connections started per second; a request without a rate asks for more than any cap
 * @param maxDurationMillis    a test's duration cap
 * @param headroomShare        the share (0..1] of this host's free ephemeral ports, conntrack entries and file
 *                             descriptors one test may use, leaving the rest to the host's real traffic
 */
public record StressLimits(int maxConnections, int maxConcurrency, int maxRate, long maxDurationMillis,
                           double headroomShare) {

    public StressLimits {
        if (maxConnections < 1 || maxConcurrency < 1 || maxRate < 1 || maxDurationMillis < 1) {
            throw new IllegalArgumentException("stress limits must be at least 1");
        }
        if (!(headroomShare > 0 && headroomShare <= 1)) {
            throw new IllegalArgumentException("headroomShare must be in (0, 1], not " + headroomShare);
        }
    }

    /**
     * Enough to find a pool or backlog limit, little enough that a fleet of agents is no flood: 10,000
     * connections, 500 at once, 1,000 a second for at most a minute, using at most half of any headroom.
     */
    public static StressLimits defaults() {
        return new StressLimits(10_000, 500, 1_000, 60_000, 0.5);
    }
}
