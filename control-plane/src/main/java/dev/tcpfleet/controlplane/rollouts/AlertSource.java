package dev.tcpfleet.controlplane.rollouts;

import java.time.Instant;
import java.util.List;

/**
 * The alerts firing on a host, for the health gate. Alerting (issue 5) provides the implementation; until a bean
 * of this type exists, the gate has no alerts to consult and relies on its other checks.
 */
public interface AlertSource {
    /** The names of the alerts firing on {@code hostId} at any time since {@code since}. */
    List<String> firingSince(String hostId, Instant since);
}
