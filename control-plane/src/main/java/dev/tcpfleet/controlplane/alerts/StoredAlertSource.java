package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.rollouts.AlertSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** The rollout gate's view of alerts: what is firing on a host, or fired there since a wave was sent. */
@ApplicationScoped
public class StoredAlertSource implements AlertSource {
    private final AlertStore store;

    StoredAlertSource(AlertStore store) {
        this.store = store;
    }

    @Override
    public List<String> firingSince(String hostId, Instant since) {
        return store.firingSince(hostId, since);
    }
}
