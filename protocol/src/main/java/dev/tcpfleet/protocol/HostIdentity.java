package dev.tcpfleet.protocol;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who sent a message.
 *
 * @param hostId       stable across restarts and renames; the Kafka key of everything the host sends
 * @param hostname     what the host calls itself now
 * @param labels       operator-given labels used by selectors (e.g. env=prod, role=api)
 * @param agentVersion the host-agent build that collected the data
 */
public record HostIdentity(String hostId, String hostname, Map<String, String> labels, String agentVersion) {
    /** Every host id: what an agent may take as its id, and what the control plane accepts as one. */
    public static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    public static boolean isValidId(String id) {
        return id != null && ID_PATTERN.matcher(id).matches();
    }

    public HostIdentity {
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(hostname, "hostname");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        Objects.requireNonNull(agentVersion, "agentVersion");
    }
}
