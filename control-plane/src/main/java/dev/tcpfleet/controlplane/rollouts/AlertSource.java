package dev.tcpfleet.controlplane.rollouts;

import java.time.Instant;
import java.util.List;

/** The alerts firing on a host, for the health gate; the alerts feature provides it (StoredAlertSource). */
public interface AlertSource {
    /** The names of the alerts firing on {@code hostId} at any time since {@code since}. */
    List<String> firingSince(String hostId, Instant since);

    /** Whether an alert of that name can fire at all: a gate told to tolerate another would tolerate nothing. */
    boolean canFire(String alertName);
}
