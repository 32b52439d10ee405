package dev.tcpfleet.protocol;

/**
 * Kafka topic names, the one place both sides take them from. Each is also the name of the messaging
 * channel that reads or writes it, so {@code application.properties} keys name the topic too.
 *
 * <p>Commands are keyed by host id and every agent reads only the single partition its host id hashes
 * to (see {@link CommandRouting}), so an agent's consumption cost is the commands for its partition,
 * not every command sent to the fleet.
 */
public final class Topics {
    /** Agent → control plane, keyed by host id. */
    public static final String SNAPSHOTS = "tcpfleet-snapshots-v1";
    /** Control plane → agents, keyed by host id. */
    public static final String COMMANDS = "tcpfleet-commands-v1";
    /** Agents → control plane, keyed by host id. */
    public static final String COMMAND_RESULTS = "tcpfleet-command-results-v1";
    /** Control plane → anyone: every alert's change of status ({@link AlertEvent}), keyed by its subject. */
    public static final String ALERTS = "tcpfleet-alerts-v1";
    /** Agents → control plane, keyed by host id: what each host's part of a stress campaign measured. */
    public static final String STRESS_RESULTS = "tcpfleet-stress-results-v1";
    /** Messages any consumer could not read, with the reason in a header. */
    public static final String DEAD_LETTERS = "tcpfleet-dead-letters-v1";
    /**
     * The start of each agent's consumer group, {@code tcpfleet-agent-<host id>}: a group of one, only to keep that
     * host's read position on {@link #COMMANDS}. Kafka ACLs grant the agents' principal every group with this prefix.
     */
    public static final String AGENT_GROUP_PREFIX = "tcpfleet-agent-";
    /** The header of a dead letter saying why it was refused; the name SmallRye's dead-letter queue writes. */
    public static final String DEAD_LETTER_REASON = "dead-letter-reason";

    private Topics() {
    }
}
