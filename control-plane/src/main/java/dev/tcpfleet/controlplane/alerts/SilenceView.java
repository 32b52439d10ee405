package dev.tcpfleet.controlplane.alerts;

import java.time.Instant;
import java.util.List;

/**
 * A silence; null {@code rule} or {@code hostId} means every rule or every host.
 *
 * @param warnings what a forced creation accepted though it names nothing yet (an unknown rule or host); empty in
 *                 the list
 */
public record SilenceView(long id, String rule, String hostId, String reason, Instant createdAt, Instant endsAt,
        List<String> warnings) {

    SilenceView withWarnings(List<String> warnings) {
        return new SilenceView(id, rule, hostId, reason, createdAt, endsAt, List.copyOf(warnings));
    }
}
